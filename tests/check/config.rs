//! Config handling of `check`: every problem of a broken `seams.toml` is printed with its
//! file:line:column and the run exits 2; a missing config means judging the proposal.

use predicates::str::contains;

use crate::support::Project;

#[test]
fn an_unknown_key_exits_2_with_its_position() {
    let project = Project::new("shop");
    project.write("seams.toml", "[thresholds]\nmax_boundary_wieght = 3.0\n");
    project
        .seams(&["check"])
        .code(2)
        .stdout("")
        .stderr(contains(
            "error: seams.toml:2:1: unknown key `max_boundary_wieght` in [thresholds]",
        ))
        .stderr(contains("did you mean `max_boundary_weight`?"));
}

#[test]
fn a_bad_pattern_exits_2_with_its_position() {
    let project = Project::new("shop");
    project.write(
        "seams.toml",
        "[[service]]\nname = \"orders\"\nmodules = [\"shop::ord*rs\"]\n",
    );
    project.seams(&["check"]).code(2).stderr(contains(
        "error: seams.toml:3:12: invalid module pattern `shop::ord*rs`",
    ));
}

#[test]
fn every_problem_is_reported_at_once() {
    let project = Project::new("shop");
    project.write(
        "seams.toml",
        "[[service]]\nname = \"orders\"\nmodules = [\"shop::**::\"]\n\n[[allow]]\nfrom = \"orders\"\nto = \"userz\"\n\n[thresholds]\nmin_modularity = \"high\"\n",
    );
    project
        .seams(&["check"])
        .code(2)
        .stderr(contains("seams.toml:3:"))
        .stderr(contains("seams.toml:7:"))
        .stderr(contains("seams.toml:10:"));
}

#[test]
fn a_config_that_is_not_toml_exits_2() {
    let project = Project::new("shop");
    project.write("seams.toml", "[thresholds\n");
    project
        .seams(&["check"])
        .code(2)
        .stderr(contains("error: seams.toml:1:"));
}

#[test]
fn a_named_config_must_exist() {
    let project = Project::new("shop");
    project
        .seams(&["check", "--config", "nope.toml"])
        .code(2)
        .stderr(contains("cannot read config file `nope.toml`"));
}

#[test]
fn without_a_config_the_proposal_is_judged_with_default_thresholds() {
    let project = Project::new("shop");
    project
        .seams(&["check"])
        .code(0)
        .stdout("check passed: no violations\n")
        .stderr(contains("note: no seams.toml found"));
    project.seams(&["check", "-q"]).code(0).stderr("");
}

#[test]
fn thresholds_without_services_judge_the_proposal() {
    let project = Project::new("shop");
    project.write("seams.toml", "[thresholds]\nmax_boundary_weight = 5.0\n");
    project.seams(&["check"]).code(1).stdout(contains(
        "error[boundary-weight]: services `inventory` and `orders` are coupled by weight 34.5",
    ));
}

#[test]
fn analysis_weights_from_the_config_weigh_references() {
    let project = Project::initialised("shop");
    // Calls weigh 10 instead of 1: the inventory-orders boundary grows past its limit.
    project.append("seams.toml", "");
    let text = project
        .read("seams.toml")
        .replace("# weights = {", "weights = { call = 10.0 } # was {");
    project.write("seams.toml", &text);
    project
        .seams(&["check"])
        .code(1)
        .stdout(contains("error[boundary-weight]"));
}
