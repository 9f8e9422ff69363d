//! Python accuracy (issue 11): each false-positive family seen on real packages has a fixture
//! pair under `fixtures/no_breaking/py-*` that must yield no BREAKING finding; each missed
//! break has a pair that must yield the right finding; entry points resolve as Python
//! resolves them, and a package that resolves to nothing is an error, never a clean result.

mod common;

use accord_diff::code::diff_surfaces;
use accord_model::surface::{ParamKind, Surface, SymbolKind};
use accord_model::{Class, Finding};
use accord_surface::{SurfaceError, extract_tree};
use common::no_breaking;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn extract(dir: &Path) -> Surface {
    let (s, f) = extract_tree(dir, None).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    assert!(f.is_empty(), "{}: {f:?}", dir.display());
    s
}

fn rules(found: &[Finding]) -> Vec<&str> {
    found.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn parameters_replaced_by_args_and_kwargs_are_risky_not_removed() {
    let (_, _, found) = no_breaking("py-args-kwargs");
    let absorbed: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == "param-absorbed-by-variadic")
        .collect();
    // cc and bcc of send, retries of Mailer.deliver.
    assert_eq!(absorbed.len(), 3, "{found:#?}");
    assert!(absorbed.iter().all(|f| f.class == Class::Risky));
}

#[test]
fn widened_parameter_types_and_equivalent_spellings_are_not_breaking() {
    let (_, _, found) = no_breaking("py-type-widened");
    let widened: Vec<&str> = found
        .iter()
        .filter(|f| f.rule == "param-type-widened")
        .map(|f| f.logical_path.as_str())
        .collect();
    assert_eq!(
        widened,
        ["fixture.fetch/mode", "fixture.fetch/n"],
        "{found:#?}"
    );
    // Optional[str] → str | None is no change at all; the return type narrowed.
    assert!(!found.iter().any(|f| f.logical_path == "fixture.fetch/tag"));
    assert!(
        rules(&found).contains(&"return-type-narrowed"),
        "{found:#?}"
    );
}

#[test]
fn keyword_only_or_positional_only_becoming_positional_or_keyword_is_compatible() {
    let (_, _, found) = no_breaking("py-keyword-to-positional");
    assert!(!rules(&found).contains(&"param-kind-changed"), "{found:#?}");
}

#[test]
fn a_concrete_class_gaining_a_method_is_an_addition_not_an_interface_change() {
    let (_, new, found) = no_breaking("py-concrete-class-gains-method");
    assert_eq!(new.get("fixture.Client").unwrap().kind, SymbolKind::Class);
    assert_eq!(
        new.get("fixture.HTTPProtocolHandler").unwrap().kind,
        SymbolKind::Class,
        "a name containing `Protocol` is not a Protocol"
    );
    assert_eq!(
        new.get("fixture.Store").unwrap().kind,
        SymbolKind::Interface
    );
    assert!(
        !rules(&found).contains(&"interface-member-added"),
        "{found:#?}"
    );
    assert_eq!(
        rules(&found)
            .iter()
            .filter(|r| **r == "symbol-added")
            .count(),
        3
    );
}

#[test]
fn an_abstract_method_added_to_an_abc_breaks_implementers() {
    let dir = fixtures().join("no_breaking/py-concrete-class-gains-method");
    let old = extract(&dir.join("old"));
    let mut new = extract(&dir.join("new"));
    let m = new
        .symbols
        .iter_mut()
        .find(|s| s.path == "fixture.Store.load_many")
        .unwrap();
    m.optional = false; // as if declared @abc.abstractmethod
    let found = diff_surfaces(&old, &new);
    assert!(
        rules(&found).contains(&"interface-member-added"),
        "{found:#?}"
    );
}

#[test]
fn members_moved_to_a_new_base_class_are_still_members() {
    let (_, new, found) = no_breaking("py-members-moved-to-base");
    assert!(new.get("fixture.Client.close").is_some());
    assert!(new.get("fixture.Client.__init__").is_some());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn names_bound_by_tuple_unpacking_are_still_bound() {
    let (_, new, found) = no_breaking("py-tuple-unpacking");
    assert!(new.get("fixture.Color.GREEN").is_some());
    assert!(new.get("fixture.HEIGHT").is_some());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn names_bound_under_the_main_guard_are_not_api_but_try_blocks_are() {
    let (old, new, _) = no_breaking("py-main-guard");
    for s in [&old, &new] {
        for name in ["args", "status", "result"] {
            assert!(s.get(&format!("fixture.{name}")).is_none(), "{name}");
        }
    }
    assert!(new.get("fixture.loads").is_some(), "bound in try/except");
}

#[test]
fn a_generic_alias_with_parameters_and_uses_swapped_together_is_unchanged() {
    let (_, _, found) = no_breaking("py-generic-alias-swapped");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn self_return_types_equal_the_class_name() {
    let (_, _, found) = no_breaking("py-self-return");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_type_alias_whose_parameters_are_reordered_is_breaking() {
    let dir = fixtures().join("py_breaking/alias-params-reordered");
    let found = diff_surfaces(&extract(&dir.join("old")), &extract(&dir.join("new")));
    assert!(
        found
            .iter()
            .any(|f| f.rule == "type-changed" && f.class == Class::Breaking),
        "{found:#?}"
    );
}

#[test]
fn missed_breaks_have_fixtures_with_the_right_findings() {
    let code = fixtures().join("../../../diff/tests/fixtures/code");
    let run = |rule: &str| {
        let dir = code.join(rule).join("python");
        diff_surfaces(&extract(&dir.join("old")), &extract(&dir.join("new")))
    };
    let inserted = run("positional-param-inserted");
    assert!(
        inserted
            .iter()
            .any(|f| f.rule == "positional-param-inserted" && f.class == Class::Breaking),
        "an optional parameter inserted in the middle shifts later arguments: {inserted:#?}"
    );
    let kinds = run("symbol-kind-changed");
    let changed: Vec<&str> = kinds
        .iter()
        .filter(|f| f.rule == "symbol-kind-changed")
        .map(|f| f.logical_path.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "fixture.Job.size/kind",
            "fixture.Timeout/kind",
            "fixture.make_client/kind"
        ]
    );
    let value = run("constant-value-changed");
    assert_eq!(
        value
            .iter()
            .filter(|f| f.rule == "constant-value-changed" && f.class == Class::Risky)
            .count(),
        1,
        "{value:#?}"
    );
}

#[test]
fn a_namespace_package_in_src_yields_its_real_surface_and_its_stubs() {
    let s = extract(&fixtures().join("extract/py-namespace"));
    let render = s
        .get("acme.widgets.core.render")
        .expect("namespace package read");
    // The .pyi stub wins over the .py it types.
    assert_eq!(render.returns.as_deref(), Some("str"));
    let width = render.params.iter().find(|p| p.name == "width").unwrap();
    assert_eq!(width.kind, ParamKind::Keyword);
    assert_eq!(width.ty.as_deref(), Some("int"));
    assert!(
        s.symbols
            .iter()
            .all(|x| !x.path.contains("bench") && !x.path.contains("tests")),
        "{:#?}",
        s.symbols
    );
}

#[test]
fn a_package_resolving_to_no_public_symbol_is_an_error_saying_what_was_tried() {
    let err = extract_tree(&fixtures().join("extract/py-empty"), None).unwrap_err();
    assert!(matches!(err, SurfaceError::NoEntry { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("0 public symbols") && text.contains("hollow"),
        "{text}"
    );
}

#[test]
fn typing_only_changes_and_covered_overloads_are_risky_not_breaking() {
    let (_, _, found) = no_breaking("py-typing-only");
    let mut risky: Vec<&str> = found
        .iter()
        .filter(|f| f.rule == "annotation-changed")
        .map(|f| f.logical_path.as_str())
        .collect();
    risky.sort_unstable();
    // A function made generic, a parameter respelled Accord cannot prove equal, an attribute's
    // Literal gaining a value, an overload that lost `cls` while the other overload takes it.
    assert_eq!(
        risky,
        [
            "fixture.Serializer.dumps/return",
            "fixture.Serializer.version/type",
            "fixture.parse#1/overload",
            "fixture.sign/secret_key",
        ],
        "{found:#?}"
    );
    assert!(
        found.iter().all(|f| f.rule != "param-removed"),
        "{found:#?}"
    );
}

#[test]
fn provable_typed_breaks_stay_breaking() {
    let dir = fixtures().join("py_breaking/typed-breaks");
    let found = diff_surfaces(&extract(&dir.join("old")), &extract(&dir.join("new")));
    let mut breaking: Vec<String> = found
        .iter()
        .filter(|f| f.class == Class::Breaking)
        .map(|f| format!("{} {}", f.rule, f.logical_path))
        .collect();
    breaking.sort_unstable();
    // A parameter narrowed (union or Literal lost a member), a return widened, a type
    // variable that tied the signature dropped, and an overload losing a parameter no other
    // overload takes.
    for want in [
        "param-type-changed fixture.contains/item",
        "param-type-changed fixture.mode/m",
        "param-type-changed fixture.filter/iterable",
        "return-type-changed fixture.filter/return",
        "return-type-changed fixture.make/return",
        "param-removed fixture.parse#1/strict",
        "param-removed fixture.parse#2/strict",
    ] {
        assert!(breaking.iter().any(|b| b == want), "{want}: {breaking:#?}");
    }
    assert!(!rules(&found).contains(&"annotation-changed"), "{found:#?}");
}

#[test]
fn a_method_rebound_as_a_class_attribute_is_still_that_method() {
    let (_, new, found) = no_breaking("py-method-bound-to-attribute");
    let m = new.get("fixture.ConcatPair.as_sqlite").expect("as_sqlite");
    assert_eq!(m.kind, SymbolKind::Method);
    assert!(
        !rules(&found).contains(&"symbol-kind-changed"),
        "{found:#?}"
    );
}

#[test]
fn definitions_under_a_python_version_check_keep_both_branches_parameters() {
    let (_, _, found) = no_breaking("py-version-branches");
    // walk_up exists on 3.12+ only: an optional addition; follow_symlinks, present in the
    // 3.12 branch only, is not lost because the else branch is defined last.
    let added: Vec<&str> = found
        .iter()
        .filter(|f| f.rule == "optional-param-added")
        .map(|f| f.logical_path.as_str())
        .collect();
    assert_eq!(added, ["fixture.Path.relative_to/walk_up"], "{found:#?}");
}

#[test]
fn a_deprecation_warning_raised_in_a_body_is_a_deprecation() {
    let (_, new, found) = no_breaking("py-deprecation-in-body");
    let init = new.get("fixture.Client.__init__").expect("__init__");
    assert_eq!(
        init.stability.deprecated.as_deref(),
        Some("parameter `app`")
    );
    let dep: Vec<&str> = found
        .iter()
        .filter(|f| f.rule == "deprecation-added")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(dep.len(), 2, "{found:#?}");
    assert!(
        dep.iter()
            .any(|m| m.starts_with("parameter `app` of `fixture.Client.__init__`"))
    );
}

#[test]
fn a_stub_name_the_module_no_longer_binds_is_removed_when_the_module_drops_it() {
    let dir = fixtures().join("py_breaking/stale-stub");
    let (old, new) = (extract(&dir.join("old")), extract(&dir.join("new")));
    // Signatures come from the stub; existence from the module.
    let compose = new.get("fixture.compose").expect("compose");
    assert!(compose.returns.is_some(), "{compose:?}");
    assert!(new.get("fixture.call_aside").is_none());
    let found = diff_surfaces(&old, &new);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "symbol-removed" && f.logical_path == "fixture.call_aside"),
        "{found:#?}"
    );
}

#[test]
fn a_module_getattr_is_api_listing_the_names_it_dispatches_on() {
    let (_, new, found) = no_breaking("py-lazy-getattr");
    let g = new.get("fixture.__getattr__").expect("__getattr__");
    assert_eq!(
        g.value.as_deref(),
        Some("dispatches on: __all__ (tz), legacy"),
        "{g:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.rule == "symbol-added" && f.logical_path == "fixture.__getattr__"),
        "{found:#?}"
    );
}

#[test]
fn stub_parameters_the_runtime_takes_through_kwargs_are_keyword_only() {
    let (_, new, found) = no_breaking("py-stub-kwargs");
    let f = new.get("fixture.make_class").expect("make_class");
    let kinds: Vec<(&str, ParamKind)> =
        f.params.iter().map(|p| (p.name.as_str(), p.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("name", ParamKind::PositionalOrKeyword),
            ("attrs", ParamKind::PositionalOrKeyword),
            ("bases", ParamKind::PositionalOrKeyword),
            ("class_body", ParamKind::PositionalOrKeyword),
            ("repr", ParamKind::Keyword),
            ("slots", ParamKind::Keyword),
        ]
    );
    assert!(
        !rules(&found).contains(&"positional-param-inserted"),
        "{found:#?}"
    );
}
