//! `accord explain RULE-ID`: a rule's documentation.

use crate::cli::Ctx;
use crate::{EXIT_CLEAN, catalog};
use anyhow::anyhow;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule id, as shown in findings (e.g. `conformance-missing-section`).
    rule: String,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let catalog = catalog();
    let Some(rule) = catalog.get(args.rule.trim()) else {
        let near: Vec<&str> = catalog
            .iter()
            .map(|r| r.id)
            .filter(|id| id.contains(args.rule.trim()) || args.rule.contains(id))
            .collect();
        let hint = if near.is_empty() {
            "run `accord rules` to list them".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        return Err(anyhow!("no rule `{}`: {hint}", args.rule));
    };
    write!(ctx.out, "{}", render_rule_page(rule))?;
    Ok(EXIT_CLEAN)
}

/// The Markdown page of a rule, as `accord explain` prints it and `docs/rules/` stores it.
pub fn render_rule_page(rule: &accord_model::RuleMeta) -> String {
    format!(
        "# {id}\n\n{summary}\n\n- Group: `{group}`\n- Default class: **{class}**\n- Required bump: **{bump}**\n\n{docs}",
        id = rule.id,
        summary = rule.summary,
        group = rule.group,
        class = rule.class,
        bump = rule.bump,
        docs = rule.markdown()
    )
}
