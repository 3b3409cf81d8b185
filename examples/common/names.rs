//! Do the service names say what a reviewer would call the service? A crude but honest check:
//! a service is *named after its domain* when a word of its name is a word of the name of the
//! domain most of its scored modules belong to (`users` for a domain `accounts` is not), and
//! *named from its domain* when the word is found in that domain's description line in the
//! reference header (`# users - accounts, users, login…`). Words are compared singular, so
//! `categories` meets `category`. Services with no scored module are not counted.

use std::collections::BTreeMap;

/// How many services of one proposal carry a name that agrees with their domain.
#[derive(Clone, Copy, Default)]
pub struct NameAgreement {
    /// Services with at least one scored module.
    pub services: usize,
    /// Named with a word of their majority domain's name.
    pub domain_word: usize,
    /// Named with a word of their majority domain's name or description.
    pub described: usize,
}

impl NameAgreement {
    /// `names[s]` is service `s`'s name; `labels[i]` the service (index into `names`) of scored
    /// module `i`, or `None` when it is set apart; `reference[i]` its domain (index into
    /// `domains`); `descriptions` maps a domain name to its description line.
    pub fn of(
        names: &[String],
        labels: &[Option<usize>],
        reference: &[usize],
        domains: &[String],
        descriptions: &BTreeMap<String, String>,
    ) -> NameAgreement {
        let mut make_up: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
        for (l, &d) in labels.iter().zip(reference) {
            if let Some(s) = l {
                *make_up.entry(*s).or_default().entry(d).or_default() += 1;
            }
        }
        let mut out = NameAgreement::default();
        for (s, counts) in make_up {
            // Majority domain; ties go to the domain listed first.
            let Some((&d, _)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
                continue;
            };
            out.services += 1;
            let name = words(&names[s]);
            let own = words(&domains[d]);
            let described = descriptions
                .get(&domains[d])
                .map(|t| words(t))
                .unwrap_or_default();
            if name.iter().any(|w| own.contains(w)) {
                out.domain_word += 1;
                out.described += 1;
            } else if name.iter().any(|w| described.contains(w)) {
                out.described += 1;
            }
        }
        out
    }

    /// Sums agreements over applications.
    pub fn add(&mut self, other: NameAgreement) {
        self.services += other.services;
        self.domain_word += other.domain_word;
        self.described += other.described;
    }

    /// `named after / from the domain` as percentages of the counted services.
    pub fn render(&self) -> String {
        let pct = |n: usize| 100.0 * n as f64 / self.services.max(1) as f64;
        format!(
            "{:.0} % / {:.0} % of {}",
            pct(self.domain_word),
            pct(self.described),
            self.services
        )
    }
}

/// Lower-case words of at least three letters, singular: `feed-parser` gives `feed`, `parser`;
/// `Categories,` gives `category`. Deliberately not the tool's own splitter and stemmer
/// (`cluster::propose::vocab`): the measure must not share the naming's notion of a word.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(|w| singular(&w.to_ascii_lowercase()))
        .collect()
}

fn singular(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 3) {
        format!("{stem}y")
    } else if let Some(stem) = w
        .strip_suffix("es")
        .filter(|s| s.ends_with('s') || s.ends_with('x') || s.ends_with("ch") || s.ends_with("sh"))
    {
        stem.to_string()
    } else if let Some(stem) = w
        .strip_suffix('s')
        .filter(|s| s.len() >= 3 && !s.ends_with('s') && !s.ends_with('u'))
    {
        stem.to_string()
    } else {
        w.to_string()
    }
}
