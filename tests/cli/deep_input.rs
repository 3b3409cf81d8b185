//! Issue #11, item 1: legal files whose expressions nest deeper than any stack allows without
//! deep brackets (prefix-keyword chains, unary operators between blocks). Each is refused with
//! a `too-deep` diagnostic at its line and the rest of the crate is analysed; a chain just under
//! the bound is analysed in full. Inputs are generated here, never committed.

use crate::generated_input::{
    analyze_both_ways, assert_root_intact, crate_with_a, single_diagnostic,
};

/// `src/a.rs` = `source` must give one `too-deep` diagnostic on `line` and an empty module.
#[track_caller]
fn assert_refused(source: String, line: u64) {
    let scratch = crate_with_a(source);
    let report = analyze_both_ways(scratch.path());
    assert_root_intact(&report);
    assert_eq!(report.module("hostile::a")["items"], 0);
    let d = single_diagnostic(&report);
    assert_eq!(
        (d.code.as_str(), d.file.as_str(), d.line),
        ("too-deep", "src/a.rs", line),
        "{d:?}"
    );
}

#[test]
fn two_hundred_thousand_returns_are_too_deep_not_a_stack_overflow() {
    let source = format!(
        "pub fn ok() {{}}\n\npub fn f() -> u8 {{\n    {}1\n}}\n",
        "return ".repeat(200_000)
    );
    assert_refused(source, 4);
}

#[test]
fn two_hundred_thousand_breaks_are_too_deep_not_a_stack_overflow() {
    let source = format!(
        "pub fn f() -> u8 {{\n    loop {{\n        {}1\n    }}\n}}\n",
        "break ".repeat(200_000)
    );
    assert_refused(source, 3);
}

#[test]
fn unary_minus_chains_between_blocks_are_too_deep_not_a_stack_overflow() {
    // 220 blocks, each behind 1 999 minus signs: no statement piece reaches the operator
    // limit and the brackets nest only 221 deep, but syn recurses 440 000 times.
    let source = format!(
        "pub fn f() -> i32 {{\n{}1{}\n}}\n",
        format!("{}{{ ", "-".repeat(1_999)).repeat(220),
        " }".repeat(220)
    );
    assert_refused(source, 2);
}

/// Five blocks, each behind `k` copies of `link`: a chain through blocks, as the scan counts it.
fn through_blocks(link: &str, k: usize) -> String {
    format!(
        "{}1{}",
        format!("{}{{ ", link.repeat(k)).repeat(5),
        " }".repeat(5)
    )
}

#[test]
fn chains_just_under_the_bound_are_analysed() {
    // The costliest link measured (a labelled `break`), and the other shapes that chain through
    // blocks (closures, references, unary minus after `break`), each just under MAX_CHAIN
    // (10 000): parsed in full at -j1 and -j2, no diagnostic.
    let shapes = [
        format!(
            "pub fn f() -> u8 {{\n    'a: loop {{\n        {}1\n    }}\n}}\n",
            "break 'a ".repeat(9_990)
        ),
        format!("pub fn f() -> i32 {{ {} }}\n", through_blocks("|| ", 995)),
        format!("pub fn f() -> i32 {{ {} }}\n", through_blocks("&", 1_990)),
        format!(
            "pub fn f() -> i32 {{ loop {{ {} }} }}\n",
            through_blocks("break -", 990)
        ),
    ];
    for source in shapes {
        let scratch = crate_with_a(source);
        let report = analyze_both_ways(scratch.path());
        assert_root_intact(&report);
        assert_eq!(report.module("hostile::a")["items"], 1);
        assert_eq!(report.diagnostics(), []);
    }
}
