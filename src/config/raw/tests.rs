//! The key catalogue against the serde structs, and the paths of problems.
use super::*;

/// The catalogue and the serde structs must agree: every catalogued key deserializes, and
/// serde's own list of expected fields is exactly the catalogue's.
#[test]
fn catalogue_matches_the_serde_structs() {
    for table in [
        TOP,
        "[analysis]",
        "[[service]]",
        "[[allow]]",
        "[thresholds]",
    ] {
        let text = match table {
            TOP => "nonsense = 1\n".to_string(),
            "[[service]]" => "[[service]]\nnonsense = 1\n".to_string(),
            "[[allow]]" => "[[allow]]\nnonsense = 1\n".to_string(),
            t => format!("{t}\nnonsense = 1\n"),
        };
        let error = toml::from_str::<RawConfig>(&text).unwrap_err();
        let message = error.message().to_string();
        let mut serde_names: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
        serde_names.sort_unstable();
        let mut ours: Vec<&str> = keys_of(table).map(|k| k.name).collect();
        ours.sort_unstable();
        assert_eq!(serde_names, ours, "{table}: {message}");
    }
}

#[test]
fn unknown_keys_are_recognised_by_the_key_catalogue_not_by_serde_messages() {
    let key = |parts: &[&str]| -> Vec<Step> {
        parts
            .iter()
            .map(|p| match p.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key(p.to_string()),
            })
            .collect()
    };
    assert!(is_unknown_key(&key(&["thresholds", "max_boundry_weight"])));
    assert!(is_unknown_key(&key(&["service", "0", "nme"])));
    assert!(is_unknown_key(&key(&["nonsense"])));
    assert!(!is_unknown_key(&key(&["thresholds", "min_modularity"])));
    assert!(!is_unknown_key(&key(&["service", "0"])));
    // Tables that take any key: a wrong value there is no unknown key.
    assert!(!is_unknown_key(&key(&["analysis", "weights", "use"])));
    assert!(!is_unknown_key(&key(&["rules", "modularity"])));
    let (_, problems) = deserialize_all(
        "[thresholds]\nmax_instabilty = 0.5\n[rules]\nmodularity = 3\n",
        "seams.toml",
        &LineIndex::new("[thresholds]\nmax_instabilty = 0.5\n[rules]\nmodularity = 3\n"),
        &mut BTreeSet::new(),
    );
    let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![ProblemKind::InvalidValue, ProblemKind::UnknownKey]
    );
}

#[test]
fn paths_are_dotted() {
    let path = [
        Step::Key("service".into()),
        Step::Index(2),
        Step::Key("name".into()),
    ];
    assert_eq!(dotted(&path), "service.2.name");
    assert_eq!(table_of(&path), "[[service]]");
    assert_eq!(table_of(&path[..1]), TOP);
}
