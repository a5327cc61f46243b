//! The complaint generator: the same seed gives the same complaints, and
//! the mix of sites, categories, routes and states is an office's.

use super::*;
use crate::complaints::preset_detention;
use std::collections::BTreeMap;

pub(crate) fn plan(seed: u64) -> ComplaintPlan {
    let sites = vec![
        ComplaintSite { id: 1, code: "YARLS-WOOD".into(), nation: Nation::EnglandAndWales },
        ComplaintSite { id: 2, code: "DUNGAVEL".into(), nation: Nation::Scotland },
        ComplaintSite { id: 3, code: "LARNE".into(), nation: Nation::NorthernIreland },
    ];
    let now: Timestamp = "2026-11-23T12:00:00Z".parse().unwrap();
    ComplaintPlan::new(seed, preset_detention::preset(), sites, vec![10, 11], vec![20, 21, 22], vec![100, 101, 102], 365, now)
}

#[test]
fn the_same_seed_gives_the_same_complaints() {
    let (a, b, c) = (plan(7), plan(7), plan(8));
    for i in [0, 1, 500, 9_999] {
        assert_eq!(a.complaint(i).unwrap().complaint, b.complaint(i).unwrap().complaint);
    }
    let differs = (0..20).filter(|&i| a.complaint(i).unwrap().complaint != c.complaint(i).unwrap().complaint).count();
    assert!(differs > 15, "another seed gives other complaints ({differs} of 20 differ)");
}

#[test]
fn the_mix_is_realistic() {
    let p = plan(1);
    let n = 2_000;
    let mut states: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sites: BTreeMap<usize, usize> = BTreeMap::new();
    let mut categories: BTreeMap<String, usize> = BTreeMap::new();
    let mut routes: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut translated, mut sealed, mut split, mut extended) = (0, 0, 0, 0);
    let mut references = std::collections::HashSet::new();
    for i in 0..n {
        let g = p.complaint(i).unwrap();
        let c = &g.complaint;
        *states.entry(c.state.label()).or_default() += 1;
        *sites.entry(g.site_index).or_default() += 1;
        *routes.entry(c.receipt.arrived_by.slug()).or_default() += 1;
        if let Some(t) = &c.triage {
            *categories.entry(t.category.clone()).or_default() += 1;
        }
        translated += usize::from(c.receipt.translation_needed);
        sealed += usize::from(c.receipt.sealed_for.is_some());
        split += usize::from(c.parts.len() > 1);
        extended += usize::from(c.history.iter().any(|e| matches!(e.what, crate::complaints::complaint::Happened::ExtensionAgreed { .. })));
        if let Some(r) = &c.reference {
            assert!(references.insert(r.clone()), "reference {r} made twice");
        }
        assert!(c.history.last().is_some_and(|e| e.at <= p.now), "nothing happens after now");
    }
    let share = |k: usize| k as f64 / n as f64;
    // Over a year most complaints are finished; recent ones are at every step.
    assert!(share(states["closed"]) > 0.6, "{states:?}");
    assert!(share(states["withdrawn"]) > 0.01, "{states:?}");
    for open in ["received", "allocated"] {
        assert!(states.get(open).copied().unwrap_or(0) > 0, "some complaints are {open}: {states:?}");
    }
    assert_eq!(sites.len(), 3);
    assert!(sites[&0] > sites[&2], "the largest site receives most: {sites:?}");
    assert!(categories.len() >= 5, "{categories:?}");
    assert!(categories["service-delivery"] > categories["serious-misconduct"]);
    assert!(routes.len() >= 6, "{routes:?}");
    assert!((0.03..0.1).contains(&share(translated)), "translated {translated}");
    assert!((0.005..0.05).contains(&share(sealed)), "sealed {sealed}");
    assert!(split > 50, "cross-cutting complaints split in parts: {split}");
    assert!(extended > 10, "agreed extensions: {extended}");
}
