//! The CI recipes cannot rot: the GitHub workflow, the composite action, the GitLab job and
//! the commands of docs/ci.md and the README are parsed, their required steps are looked
//! for, and every `accord` command line they run is given to the CLI's own argument parser.

mod common;

use common::repo_root;
use serde_json::Value;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(path: &str) -> Value {
    accord_contract::doc::parse_yaml(&read(path))
        .unwrap_or_else(|e| panic!("{path}:{}:{}: {}", e.line, e.column, e.message))
        .value
}

/// Every shell script in a CI file: `run:` values (GitHub) and `script:` items (GitLab).
fn scripts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("run", Value::String(s)) => out.push(s.clone()),
                    ("script" | "before_script" | "after_script", Value::Array(items)) => {
                        out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string)))
                    }
                    _ => scripts(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| scripts(v, out)),
        _ => {}
    }
}

/// Splits a shell line into words and operators (`|`, `||`, `&&`, `;`, `>`, `>>`, …),
/// honouring quotes. Enough for CI scripts; a construct it does not know fails the test
/// loudly rather than passing it.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        c => word.push(c),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            ';' | '|' | '&' | '>' | '<' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                let mut op = c.to_string();
                while let Some(&next) = chars.peek() {
                    if matches!(next, '|' | '&' | '>') {
                        op.push(next);
                        chars.next();
                    } else {
                        break;
                    }
                }
                words.push(op);
            }
            // A comment runs to the end of the line.
            '#' if !in_word => break,
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

fn is_operator(word: &str) -> bool {
    word.starts_with([';', '|', '&', '>', '<'])
}

/// The arguments of every `accord` command a script runs (in command position: first on its
/// line or after an operator, `then`, `do`, `!`, `exec`).
fn accord_commands(script: &str) -> Vec<Vec<String>> {
    // `${{ expr }}` is filled in by the runner before the shell sees the script.
    let mut text = String::new();
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |e| start + e + 2);
        text.push_str("RUNNER_EXPRESSION");
        rest = &rest[end..];
    }
    text.push_str(rest);
    let text = text.replace("\\\n", " ");
    let mut commands = Vec::new();
    for line in text.lines() {
        let words = words(line.trim());
        let mut at_command = true;
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_str();
            if at_command && word == "accord" {
                let args: Vec<String> = words[i + 1..]
                    .iter()
                    .take_while(|w| !is_operator(w))
                    .cloned()
                    .collect();
                i += 1 + args.len();
                commands.push(args);
                at_command = false;
                continue;
            }
            at_command = is_operator(word) || matches!(word, "then" | "do" | "!" | "exec");
            i += 1;
        }
    }
    commands
}

/// Gives every command to the CLI's parser; returns them for further checks.
fn accepted(origin: &str, scripts: &[String]) -> Vec<Vec<String>> {
    let commands: Vec<Vec<String>> = scripts.iter().flat_map(|s| accord_commands(s)).collect();
    for args in &commands {
        let line = std::iter::once("accord".to_string()).chain(args.iter().cloned());
        if let Err(message) = accord_cli::accepts(line) {
            panic!(
                "{origin}: `accord {}` is not accepted by the CLI:\n{message}",
                args.join(" ")
            );
        }
    }
    commands
}

/// `check --base origin/… --pr-body FILE --format FORMAT` among `commands`.
fn has_check(commands: &[Vec<String>], format: &str) -> bool {
    commands.iter().any(|args| {
        let after = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
        };
        args.first().is_some_and(|c| c == "check")
            && after("--base").is_some_and(|b| b.starts_with("origin/"))
            && after("--pr-body").is_some()
            && after("--format").is_some_and(|f| f == format)
    })
}

fn steps<'a>(value: &'a Value, pointer: &str) -> &'a Vec<Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no steps at {pointer}"))
}

fn uses<'a>(steps: &'a [Value], action: &str) -> Option<&'a Value> {
    steps.iter().find(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{action}@")))
    })
}

/// The pull-request body reaches a file through the environment, never pasted into a script.
fn body_to_file(steps: &[Value]) -> bool {
    steps.iter().any(|s| {
        s["env"]["PR_BODY"] == "${{ github.event.pull_request.body }}"
            && s["run"]
                .as_str()
                .is_some_and(|r| r.contains("\"$PR_BODY\" >"))
    })
}

fn no_expression_in_scripts(origin: &str, scripts: &[String]) {
    for script in scripts {
        assert!(
            !script.contains("${{ github.event"),
            "{origin}: event text pasted into a script (script injection): {script}"
        );
    }
}

#[test]
fn github_workflow_has_every_step_and_valid_commands() {
    let path = ".github/workflows/accord.yml";
    let workflow = yaml(path);
    let steps = steps(&workflow, "/jobs/accord/steps");
    let checkout = uses(steps, "actions/checkout").expect("checkout step");
    assert_eq!(
        checkout["with"]["fetch-depth"], 0,
        "full history for --base"
    );
    let mut all = Vec::new();
    scripts(&workflow, &mut all);
    assert!(
        all.iter().any(|s| s.contains("cargo install --locked")),
        "install step"
    );
    assert!(body_to_file(steps), "PR body to a file");
    no_expression_in_scripts(path, &all);
    let commands = accepted(path, &all);
    for format in ["sarif", "markdown", "html", "github"] {
        assert!(
            has_check(&commands, format),
            "{path}: check --format {format}"
        );
    }
    let sarif = uses(steps, "github/codeql-action/upload-sarif").expect("SARIF upload");
    assert_eq!(sarif["with"]["sarif_file"], "accord.sarif");
    assert!(
        all.iter()
            .any(|s| s.contains("--format markdown >> \"$GITHUB_STEP_SUMMARY\"")),
        "Markdown to the job summary"
    );
    // The decision comes last, without tolerating exit code 1.
    let last = steps.last().and_then(|s| s["run"].as_str()).unwrap_or("");
    assert!(
        last.contains("--format github") && !last.contains("||"),
        "{last}"
    );
}

#[test]
fn composite_action_runs_the_recipe() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = steps(&action, "/runs/steps");
    for step in steps.iter().filter(|s| s.get("run").is_some()) {
        assert_eq!(step["shell"], "bash", "composite run steps need a shell");
    }
    let mut all = Vec::new();
    scripts(&action, &mut all);
    assert!(
        all.iter()
            .any(|s| s.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH/crates/cli\"")),
        "installs from the action's own checkout"
    );
    assert!(body_to_file(steps), "PR body to a file");
    no_expression_in_scripts("action.yml", &all);
    let commands = accepted("action.yml", &all);
    for format in ["sarif", "markdown", "html", "github"] {
        assert!(
            has_check(&commands, format),
            "action.yml: --format {format}"
        );
    }
    assert!(uses(steps, "github/codeql-action/upload-sarif").is_some());
    assert!(all.iter().any(|s| s.contains("$GITHUB_STEP_SUMMARY")));
    // Every `${{ inputs.X }}` names a declared input.
    let text = read("action.yml");
    for (i, _) in text.match_indices("inputs.") {
        let name: String = text[i + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            action["inputs"].get(&name).is_some(),
            "undeclared input {name}"
        );
    }
}

#[test]
fn gitlab_job_is_the_equivalent() {
    let path = "docs/ci/accord.gitlab-ci.yml";
    let gitlab = yaml(path);
    let job = &gitlab["accord"];
    assert_eq!(
        job["variables"]["GIT_DEPTH"], "0",
        "full history for --base"
    );
    let mut all = Vec::new();
    scripts(&gitlab, &mut all);
    assert!(all.iter().any(|s| s.contains("cargo install --locked")));
    assert!(
        all.iter()
            .any(|s| s.contains("\"$CI_MERGE_REQUEST_DESCRIPTION\" > pr-body.md")),
        "MR description to a file"
    );
    let commands = accepted(path, &all);
    for format in ["junit", "html", "human"] {
        assert!(has_check(&commands, format), "{path}: --format {format}");
    }
    assert_eq!(job["artifacts"]["reports"]["junit"], "accord-junit.xml");
}

/// Shell and YAML blocks of a Markdown file.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push((lang.trim().to_string(), body.join("\n")));
        }
    }
    blocks
}

#[test]
fn documented_commands_are_accepted() {
    let mut total = 0;
    for path in ["docs/ci.md", "README.md"] {
        for (lang, body) in code_blocks(&read(path)) {
            let scripts = match lang.as_str() {
                "sh" | "bash" | "shell" => vec![body],
                "yaml" | "yml" => {
                    let value = accord_contract::doc::parse_yaml(&body)
                        .unwrap_or_else(|e| panic!("{path}: a YAML block: {}", e.message))
                        .value;
                    let mut all = Vec::new();
                    scripts(&value, &mut all);
                    all
                }
                _ => continue,
            };
            total += accepted(path, &scripts).len();
        }
    }
    assert!(
        total >= 10,
        "only {total} accord commands found in the docs"
    );
}

#[test]
fn the_checker_rejects_what_the_cli_rejects() {
    assert!(accord_cli::accepts(["accord", "check", "--bogus"]).is_err());
    assert!(accord_cli::accepts(["accord", "check", "--format", "pdf"]).is_err());
    // `--pr-body` needs `--base`: validation beyond the flag names.
    assert!(accord_cli::accepts(["accord", "check", "--pr-body", "b.md"]).is_err());
    assert!(accord_cli::accepts(["accord", "check", "--base", "origin/main"]).is_ok());
    let found = accord_commands(
        "if ! command -v accord; then exit 1; fi\naccord check . --base \"origin/$BASE\" > a.sarif || [ $? -eq 1 ]\necho accord\naccord rules # accord --bogus",
    );
    assert_eq!(
        found,
        vec![vec!["check", ".", "--base", "origin/$BASE"], vec!["rules"]]
    );
}
