//! Data-driven tests over the shared corpus `../shared/domains/` (read in place, never copied):
//! every file is imported or refused with a documented reason; the utility of every outcome
//! (domains up to 1e6 outcomes; a sample of the ANAC 2014 space) equals the format's own
//! formula computed here, independently, from the raw files; and round trips hold.
//!
//! The independent evaluators below read the raw files with quick-xml / serde_json directly,
//! after naive textual fixes of the three known quirks, and share no code with the crate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use accord_formats::{
    ImportOptions, Imported, InputFile, export_genius, export_geniusweb, import_genius,
    import_geniusweb, read_inputs,
};
use accord_model::{OptionIx, PointPreferences, Scenario};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/domains")
}

fn dirs(kind: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus().join(kind))
        .expect("the corpus is at ../shared/domains")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Files refused (or skipped) on purpose: (file, the domain it is imported with, the reason,
/// the line). Everything else must import.
const REFUSED: &[(&str, &str, &str, usize)] = &[(
    "genius/ANAC2014_10issuesDiscountedwithRV/pareto.xml",
    "genius/ANAC2014_10issuesDiscountedwithRV/10issuesDiscountedwithRV-domain.xml",
    "not XML: a plain-text list of Pareto-frontier points",
    2,
)];

/// A naive fix of the corpus's quirks, for the independent reader.
fn naive_fix(text: &str) -> String {
    let mut t = text
        .replace(" & ", " &amp; ")
        .replace("\"vtype", "\" vtype");
    if let Some(at) = t.find("<?xml")
        && at > 0
    {
        let end = t[at..].find("?>").unwrap() + at + 2;
        t.replace_range(at..end, "");
    }
    t
}

/// A raw XML element, read independently.
#[derive(Debug, Default, Clone)]
struct Raw {
    name: String,
    attrs: HashMap<String, String>,
    kids: Vec<Raw>,
}

impl Raw {
    fn a(&self, k: &str) -> Option<f64> {
        self.attrs.get(k).map(|v| v.trim().parse().unwrap())
    }
    fn all(&self, name: &str, out: &mut Vec<Raw>) {
        if self.name == name {
            out.push(self.clone());
        }
        for k in &self.kids {
            k.all(name, out);
        }
    }
    fn find(&self, name: &str) -> Vec<Raw> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }
}

fn raw_xml(path: &Path) -> Raw {
    use quick_xml::events::Event;
    let text = naive_fix(&std::fs::read_to_string(path).unwrap());
    let mut r = quick_xml::Reader::from_str(&text);
    let mut stack = vec![Raw::default()];
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => stack.push(raw_el(&e)),
            Event::Empty(e) => {
                let el = raw_el(&e);
                stack.last_mut().unwrap().kids.push(el);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().kids.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap().kids.remove(0)
}

fn raw_el(e: &quick_xml::events::BytesStart<'_>) -> Raw {
    Raw {
        name: e.name().as_ref().to_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    a.key.as_ref().to_owned(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        kids: Vec::new(),
    }
}

/// A Genius issue as the raw domain file says, with the values of its options.
enum RawIssue {
    Discrete(i64, Vec<String>),
    Numeric(i64, Vec<f64>),
}

fn raw_domain(path: &Path, real_steps: usize) -> Vec<RawIssue> {
    raw_xml(path)
        .find("issue")
        .iter()
        .map(|i| {
            let index = i.a("index").unwrap() as i64;
            match i.attrs.get("type").map(|s| s.to_lowercase()).as_deref() {
                Some("integer") => {
                    let (lo, hi) = (i.a("lowerbound").unwrap(), i.a("upperbound").unwrap());
                    RawIssue::Numeric(index, (lo as i64..=hi as i64).map(|x| x as f64).collect())
                }
                Some("real") => {
                    let r = &i.find("range")[0];
                    let (lo, hi) = (r.a("lowerbound").unwrap(), r.a("upperbound").unwrap());
                    let n = real_steps - 1;
                    RawIssue::Numeric(
                        index,
                        (0..=n)
                            .map(|k| lo + k as f64 * (hi - lo) / n as f64)
                            .collect(),
                    )
                }
                _ => RawIssue::Discrete(
                    index,
                    i.kids
                        .iter()
                        .filter(|k| k.name == "item")
                        .map(|k| k.attrs["value"].clone())
                        .collect(),
                ),
            }
        })
        .collect()
}

/// The `(low, high)` of an affine map, when one is needed.
type Affine = Option<(f64, f64)>;

/// Genius's formula for one profile: returns (sum of w·e, sum of w) for a linear profile, or
/// (f / maxutility, 1) for a nonlinear one; the outcome gives option positions per issue.
/// With it, the `(low, high)` of the affine map a linear profile needs when an evaluation is
/// negative or the reservation value lies outside [0, 1] (accord's utility is then
/// `(sum − low) / (high − low)`): `low = min(Σ w·min(0, min e), r)`, `high = max(Σ w, r)`.
fn genius_formula(
    profile: &Raw,
    domain: &[RawIssue],
) -> (impl Fn(&[usize]) -> (f64, f64) + use<>, Affine) {
    let nonlinear = profile.attrs.get("type").is_some_and(|t| t == "nonlinear");
    let issues_by_index: HashMap<i64, usize> = domain
        .iter()
        .enumerate()
        .map(|(k, i)| match i {
            RawIssue::Discrete(x, _) | RawIssue::Numeric(x, _) => (*x, k),
        })
        .collect();
    let values: Vec<Vec<String>> = domain
        .iter()
        .map(|i| match i {
            RawIssue::Discrete(_, v) => v.clone(),
            RawIssue::Numeric(_, v) => v.iter().map(|x| x.to_string()).collect(),
        })
        .collect();
    let numbers: Vec<Vec<f64>> = domain
        .iter()
        .map(|i| match i {
            RawIssue::Numeric(_, v) => v.clone(),
            RawIssue::Discrete(..) => Vec::new(),
        })
        .collect();
    /// An issue's evaluation of an outcome (the price evaluator reads the whole outcome).
    type Ev = Box<dyn Fn(&[usize]) -> f64>;
    let mut evals: Vec<(f64, Ev)> = Vec::new();
    /// A rectangle's utility and its bounds `(issue, min, max)`.
    type Rect = (f64, Vec<(usize, f64, f64)>);
    let mut rects: Vec<Rect> = Vec::new();
    let mut max_u = 1.0;
    if nonlinear {
        let u = &profile.find("utility")[0];
        max_u = u.a("maxutility").unwrap();
        for uf in u.find("ufun") {
            let w = uf.a("weight").unwrap_or(1.0);
            for r in uf.find("hyperRectangle") {
                let bounds = r
                    .find("INCLUDES")
                    .iter()
                    .map(|b| {
                        (
                            issues_by_index[&(b.a("index").unwrap() as i64)],
                            b.a("min").unwrap(),
                            b.a("max").unwrap(),
                        )
                    })
                    .collect();
                rects.push((r.a("utility").unwrap() * w, bounds));
            }
        }
    } else {
        let weights: HashMap<i64, f64> = profile
            .find("weight")
            .iter()
            .map(|w| (w.a("index").unwrap() as i64, w.a("value").unwrap()))
            .collect();
        let issues: HashMap<i64, Raw> = profile
            .find("issue")
            .into_iter()
            .map(|i| (i.a("index").unwrap() as i64, i))
            .collect();
        // Item costs per discrete issue (for an early Genius price evaluator): the cost of each
        // domain value (0 when absent) and the issue's largest cost.
        let costs: Vec<(Vec<f64>, f64)> = domain
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let index = match d {
                    RawIssue::Discrete(x, _) | RawIssue::Numeric(x, _) => *x,
                };
                let RawIssue::Discrete(..) = d else {
                    return (Vec::new(), 0.0);
                };
                let items: HashMap<String, f64> = issues[&index]
                    .kids
                    .iter()
                    .filter(|c| c.name == "item" && c.attrs.contains_key("cost"))
                    .map(|c| (c.attrs["value"].clone(), c.a("cost").unwrap()))
                    .collect();
                let max = items.values().copied().fold(f64::MIN, f64::max);
                let row = values[k]
                    .iter()
                    .map(|v| items.get(v).copied().unwrap_or(0.0))
                    .collect();
                (row, if items.is_empty() { 0.0 } else { max })
            })
            .collect();
        for (k, d) in domain.iter().enumerate() {
            let index = match d {
                RawIssue::Discrete(x, _) | RawIssue::Numeric(x, _) => *x,
            };
            let w = weights[&index];
            let pi = &issues[&index];
            if pi.attrs.get("type").map(String::as_str) == Some("price") {
                // Genius's EvaluatorPrice.getEvaluation: profit / (maxMargin · lowerBound),
                // clamped to [0, 1].
                let r = &pi.find("range")[0];
                let (lb, ub) = (r.a("lowerbound").unwrap(), r.a("upperbound").unwrap());
                let max_cost: f64 = costs.iter().map(|(_, m)| m).sum();
                let max_margin = (ub - lb - max_cost) / lb;
                let xs = numbers[k].clone();
                let costs = costs.clone();
                evals.push((
                    w,
                    Box::new(move |o: &[usize]| {
                        let spent: f64 = costs
                            .iter()
                            .zip(o)
                            .filter(|((row, _), _)| !row.is_empty())
                            .map(|((row, _), &j)| row[j])
                            .sum();
                        ((xs[o[k]] - spent - lb) / (max_margin * lb)).clamp(0.0, 1.0)
                    }),
                ));
                continue;
            }
            let ev: Box<dyn Fn(usize) -> f64> = match d {
                RawIssue::Discrete(..) => {
                    let items: HashMap<String, f64> = pi
                        .kids
                        .iter()
                        .filter(|c| c.name == "item" && c.attrs.contains_key("evaluation"))
                        .map(|c| (c.attrs["value"].clone(), c.a("evaluation").unwrap()))
                        .collect();
                    let max = items.values().copied().fold(f64::MIN, f64::max);
                    let vals = values[k].clone();
                    Box::new(move |j| {
                        if max < 1e-5 {
                            0.0
                        } else {
                            items[&vals[j]] / max
                        }
                    })
                }
                RawIssue::Numeric(..) => {
                    let xs = numbers[k].clone();
                    let e = pi.find("evaluator");
                    if pi.attrs.get("type").map(String::as_str) == Some("integer") {
                        let lb = pi.a("lowerbound").unwrap();
                        let (s, o) = e.first().map_or((0.0, 0.0), |e| {
                            (e.a("slope").unwrap(), e.a("offset").unwrap())
                        });
                        Box::new(move |j| (o + s * (xs[j] - lb)).clamp(0.0, 1.0))
                    } else {
                        let (p0, p1) =
                            (e[0].a("parameter0").unwrap(), e[0].a("parameter1").unwrap());
                        Box::new(move |j| (p1 * xs[j] + p0).clamp(0.0, 1.0))
                    }
                }
            };
            evals.push((w, Box::new(move |o: &[usize]| ev(o[k]))));
        }
    }
    let mut affine = None;
    if !nonlinear {
        let r = profile
            .find("reservation")
            .last()
            .and_then(|e| e.a("value"))
            .unwrap_or(0.0);
        let mut c = 0.0;
        let mut negative = false;
        for (k, (w, e)) in evals.iter().enumerate() {
            if *w > 0.0 {
                let m = (0..values[k].len())
                    .map(|j| {
                        let mut o = vec![0; values.len()];
                        o[k] = j;
                        e(&o)
                    })
                    .fold(0.0, f64::min);
                negative |= m < 0.0;
                c += w * m;
            }
        }
        let wsum: f64 = evals.iter().map(|(w, _)| w).filter(|w| **w > 0.0).sum();
        if negative || !(0.0..=1.0).contains(&r) {
            affine = Some((c.min(r), wsum.max(r)));
        }
    }
    let f = move |outcome: &[usize]| {
        if nonlinear {
            let f: f64 = rects
                .iter()
                .filter(|(_, b)| {
                    b.iter().all(|(k, lo, hi)| {
                        let x = numbers[*k][outcome[*k]];
                        *lo <= x && x <= *hi
                    })
                })
                .map(|(u, _)| u)
                .sum();
            (f / max_u, 1.0)
        } else {
            let sum = evals.iter().map(|(w, e)| w * e(outcome)).sum();
            let wsum = evals.iter().map(|(w, _)| w).filter(|w| **w > 0.0).sum();
            (sum, wsum)
        }
    };
    (f, affine)
}

/// Enumerates every outcome (or `sample` pseudo-random ones) of option counts `sizes`.
fn outcomes(sizes: &[usize], sample: Option<usize>) -> Vec<Vec<usize>> {
    if let Some(n) = sample {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        return (0..n)
            .map(|_| {
                sizes
                    .iter()
                    .map(|&s| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        (seed % s as u64) as usize
                    })
                    .collect()
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut o = vec![0; sizes.len()];
    loop {
        out.push(o.clone());
        let mut k = sizes.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            o[k] += 1;
            if o[k] < sizes[k] {
                break;
            }
            o[k] = 0;
        }
    }
}

/// Visits outcomes without collecting them (for the large domains).
fn for_each_outcome(sizes: &[usize], mut f: impl FnMut(&[usize])) {
    let mut o = vec![0; sizes.len()];
    loop {
        f(&o);
        let mut k = sizes.len();
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            o[k] += 1;
            if o[k] < sizes[k] {
                break;
            }
            o[k] = 0;
        }
    }
}

fn ixs(o: &[usize]) -> Vec<OptionIx> {
    o.iter().map(|&j| OptionIx::from_usize(j)).collect()
}

fn sizes(s: &Scenario) -> Vec<usize> {
    s.issues().iter().map(|i| i.option_count()).collect()
}

/// The Genius import groups of a folder: each domain file with the profiles whose file names
/// share the longest prefix with it (FiftyFifty and Supermarket hold three domains each).
fn genius_groups(dir: &Path) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut domains = Vec::new();
    let mut profiles = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    for f in files {
        let rel = f
            .strip_prefix(corpus())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if REFUSED.iter().any(|(r, ..)| *r == rel) {
            continue;
        }
        let text = naive_fix(&String::from_utf8_lossy(&std::fs::read(&f).unwrap()));
        let body = text.trim_start();
        let body = if body.starts_with("<!--") {
            body[body.find("-->").unwrap() + 3..].trim_start()
        } else {
            body
        };
        let body = if body.starts_with("<?xml") {
            body[body.find("?>").unwrap() + 2..].trim_start()
        } else {
            body
        };
        if body.starts_with("<utility_space") {
            profiles.push(f);
        } else {
            domains.push(f);
        }
    }
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let common = |a: &str, b: &str| a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> =
        domains.iter().map(|d| (d.clone(), Vec::new())).collect();
    for p in profiles {
        let best = (0..groups.len())
            .max_by_key(|&g| common(&name(&groups[g].0), &name(&p)))
            .unwrap();
        groups[best].1.push(p);
    }
    groups
}

fn import_paths(paths: &[PathBuf], genius: bool, options: &ImportOptions) -> Imported {
    let files = read_inputs(paths, if genius { "xml" } else { "json" }).unwrap();
    let r = if genius {
        import_genius(&files, options)
    } else {
        import_geniusweb(&files, options)
    };
    r.unwrap_or_else(|e| panic!("{paths:?}: {e}"))
}

fn in_memory(files: &[(String, String)]) -> Vec<InputFile> {
    files
        .iter()
        .map(|(name, text)| InputFile {
            name: name.clone(),
            bytes: text.as_bytes().to_vec(),
            from_folder: false,
        })
        .collect()
}

/// Export then import gives the same utilities on every outcome (sampled past 1e6), and
/// import → export → import gives the same bytes (`bytes`: not for a scenario imported by an
/// affine map, whose export holds the mapped weights and no map, and whose utilities then
/// agree within 1e-12).
fn round_trips(imported: &Imported, genius: bool, options: &ImportOptions, bytes: bool) {
    let s = &imported.scenario;
    let exported = if genius {
        // Real issues as they were imported: the re-import splits them the same way.
        accord_formats::genius::write::export_with(
            s,
            accord_formats::genius::write::Options { real_issues: true },
        )
    } else {
        export_geniusweb(s)
    }
    .unwrap_or_else(|e| panic!("{}: export: {e}", s.id()));
    let files = in_memory(&exported.files);
    let again = if genius {
        import_genius(&files, options)
    } else {
        import_geniusweb(&files, options)
    }
    .unwrap_or_else(|e| panic!("{}: re-import: {e}", s.id()));
    if bytes {
        assert_eq!(
            imported.toml,
            again.toml,
            "{}: round trip is not byte-identical",
            s.id()
        );
    }
    let sz = sizes(s);
    let count: u128 = sz.iter().map(|&n| n as u128).product();
    let sample = (count > 1_000_000).then_some(2000);
    for p in s.party_ixs() {
        let a = PointPreferences::midpoint(s, p);
        let b = PointPreferences::midpoint(&again.scenario, p);
        for o in outcomes(&sz, sample) {
            let o = ixs(&o);
            if bytes {
                assert_eq!(a.utility(&o), b.utility(&o));
            } else {
                assert!((a.utility(&o) - b.utility(&o)).abs() <= 1e-12);
            }
        }
    }
}

#[test]
fn every_genius_domain_imports_with_the_genius_formula_and_round_trips() {
    let options = ImportOptions::default();
    let mut checked = 0;
    for dir in dirs("genius").into_iter().chain(dirs("negmas")) {
        if !std::fs::read_dir(&dir)
            .unwrap()
            .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "xml"))
        {
            continue;
        }
        for (domain, profiles) in genius_groups(&dir) {
            let mut paths = vec![domain.clone()];
            paths.extend(profiles.iter().cloned());
            let imported = import_paths(&paths, true, &options);
            let s = &imported.scenario;
            assert_eq!(s.parties().len(), profiles.len());
            // Import is deterministic.
            assert_eq!(import_paths(&paths, true, &options).toml, imported.toml);
            let raw_issues = raw_domain(&domain, options.real_steps);
            assert_eq!(raw_issues.len(), s.issues().len());
            let sz = sizes(s);
            let count: u128 = sz.iter().map(|&n| n as u128).product();
            let sample = (count > 1_000_000).then_some(20_000);
            let mut mapped = false;
            let mut priced: Vec<String> = Vec::new();
            for (pk, profile) in profiles.iter().enumerate() {
                let raw = raw_xml(profile);
                if raw
                    .find("issue")
                    .iter()
                    .any(|i| i.attrs.get("type").map(String::as_str) == Some("price"))
                {
                    priced.push(s.parties()[pk].id().to_string());
                }
                let (f, affine) = genius_formula(&raw, &raw_issues);
                let prefs = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(pk));
                mapped |= affine.is_some();
                let mut check = |o: &[usize]| {
                    let (sum, wsum) = f(o);
                    let genius_u = sum.min(1.0);
                    let accord_u = prefs.utility(&ixs(o));
                    if let Some((low, high)) = affine {
                        // An exact positive affine map (see the note).
                        let want = (sum - low) / (high - low);
                        assert!(
                            (accord_u - want).abs() <= 1e-9,
                            "{}: {o:?}: accord {accord_u}, mapped formula {want}",
                            profile.display()
                        );
                        return;
                    }
                    // accord divides by the weight sum and does not clamp (see the note).
                    assert!(
                        (accord_u - sum / wsum).abs() <= 1e-9,
                        "{}: {o:?}: accord {accord_u}, formula {}",
                        profile.display(),
                        sum / wsum
                    );
                    if (wsum - 1.0).abs() < 1e-12 && sum <= 1.0 {
                        assert!((accord_u - genius_u).abs() <= 1e-9);
                    }
                };
                match sample {
                    Some(n) => outcomes(&sz, Some(n)).iter().for_each(|o| check(o)),
                    None => for_each_outcome(&sz, &mut check),
                }
            }
            if let Some(id) = priced.first() {
                // A price evaluator imports as interactions on discrete issues, which neither
                // target can express: the exports refuse, naming the party.
                let e = export_genius(s).unwrap_err().to_string();
                assert!(e.contains(id.as_str()), "{e}");
                let e = export_geniusweb(s).unwrap_err().to_string();
                assert!(e.contains(id.as_str()), "{e}");
            } else {
                round_trips(&imported, true, &options, !mapped);
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} Genius domains checked");
}

#[test]
fn every_geniusweb_domain_imports_with_the_geniusweb_formula_and_round_trips() {
    let options = ImportOptions::default();
    let mut checked = 0;
    let mut dirs_: Vec<PathBuf> = dirs("geniusweb");
    dirs_.push(corpus().join("negmas/geniusweb-Party"));
    for dir in dirs_ {
        let imported = import_paths(std::slice::from_ref(&dir), false, &options);
        let s = &imported.scenario;
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let profiles: Vec<serde_json::Value> = files
            .iter()
            .filter_map(|f| {
                let v: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
                v.get("LinearAdditiveUtilitySpace").cloned()
            })
            .collect();
        assert_eq!(profiles.len(), s.parties().len(), "{}", dir.display());
        let sz = sizes(s);
        for (pk, prof) in profiles.iter().enumerate() {
            let domain = &prof["domain"]["issuesValues"];
            let names: Vec<&String> = domain.as_object().unwrap().keys().collect();
            let value_of =
                |k: usize, j: usize| domain[names[k]]["values"][j].as_str().unwrap().to_owned();
            let formula = |o: &[usize]| -> f64 {
                names
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        let u = &prof["issueUtilities"][n.as_str()];
                        let t = u
                            .get("discreteutils")
                            .or(u.get("DiscreteValueSetUtilities"))
                            .unwrap();
                        prof["issueWeights"][n.as_str()].as_f64().unwrap()
                            * t["valueUtilities"][value_of(k, o[k])].as_f64().unwrap()
                    })
                    .sum()
            };
            let prefs = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(pk));
            for_each_outcome(&sz, |o| {
                let u = prefs.utility(&ixs(o));
                assert!((u - formula(o)).abs() <= 1e-9, "{}: {o:?}", dir.display());
            });
            // The walk-away value is the reservation bid's utility.
            let expected = match prof.get("reservationBid") {
                Some(bid) => {
                    let o: Vec<usize> = names
                        .iter()
                        .enumerate()
                        .map(|(k, n)| {
                            let v = bid["issuevalues"][n.as_str()].as_str().unwrap();
                            (0..sz[k]).position(|j| value_of(k, j) == v).unwrap()
                        })
                        .collect();
                    assert!(prefs.accepts(&ixs(&o)));
                    formula(&o)
                }
                None => 0.0,
            };
            assert!(
                (prefs.walk_away() - expected).abs() <= 1e-9,
                "{}",
                dir.display()
            );
        }
        round_trips(&imported, false, &options, true);
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn refused_files_are_refused_with_their_documented_reason() {
    for (rel, domain, why, line) in REFUSED {
        let path = corpus().join(rel);
        let files = read_inputs(&[corpus().join(domain), path.clone()], "xml").unwrap();
        let e = import_genius(&files, &ImportOptions::default()).unwrap_err();
        assert!(e.reason.contains(why), "{rel}: {e}");
        assert!(
            e.to_string().starts_with(&path.display().to_string()),
            "{e}"
        );
        assert_eq!(e.line, Some(*line), "{e}");
    }
    // In a folder, the sidecar is skipped with a warning and the domain imports.
    let dir = corpus().join("genius/ANAC2014_10issuesDiscountedwithRV");
    let files = read_inputs(&[&dir], "xml").unwrap();
    let imported = import_genius(&files, &ImportOptions::default()).unwrap();
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.starts_with("skipped: not XML"))
    );
    assert_eq!(imported.scenario.parties().len(), 2);
    assert!(
        imported
            .scenario
            .parties()
            .iter()
            .all(|p| p.interactions().len() == 20)
    );
}

#[test]
fn corpus_quirks_are_read_with_warnings_naming_the_line() {
    let options = ImportOptions::default();
    let cases = [
        ("genius/SmartPhone", "bare `&`", "SmartPhone.xml:45"),
        ("genius/ADG", "no space between them", "adg_deal.xml:46"),
        (
            "genius/ANAC2014_10issuesDiscountedwithRV",
            "XML declaration",
            "profile-1.xml:3",
        ),
    ];
    for (dir, what, at) in cases {
        let files = read_inputs(&[corpus().join(dir)], "xml").unwrap();
        let imported = import_genius(&files, &options).unwrap();
        assert!(
            imported
                .warnings
                .iter()
                .any(|w| w.message.contains(what) && w.to_string().contains(at)),
            "{dir}: {:#?}",
            imported.warnings
        );
    }
    // The label keeps the original text; the id is a slug.
    let files = read_inputs(&[corpus().join("genius/SmartPhone")], "xml").unwrap();
    let toml = import_genius(&files, &options).unwrap().toml;
    assert!(
        toml.contains("{ id = \"at_t_mobility\", label = \"AT & T Mobility\" }"),
        "{toml}"
    );
}

#[test]
fn imported_files_say_where_they_come_from_and_how_the_models_differ() {
    let files = read_inputs(&[corpus().join("genius/Laptop")], "xml").unwrap();
    let imported = import_genius(&files, &ImportOptions::default()).unwrap();
    let note = imported.scenario.note().unwrap();
    assert!(note.contains("`laptop_domain.xml`"), "{note}");
    assert!(note.contains("`laptop_buyer_utility.xml` (party `laptop_buyer_utility`)"));
    assert!(note.contains("min(1, sum of weight * evaluation)"));
    assert!(
        note.contains("`laptop_buyer_utility` 1.000051804"),
        "{note}"
    );
    // Discount factors: 0.42441038 kept; UNCERTAIN profiles are reported.
    let buyer = imported
        .scenario
        .find_party("laptop_buyer_utility")
        .unwrap();
    assert_eq!(imported.scenario.party(buyer).discount(), Some(0.42441038));
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.starts_with("UNCERTAIN"))
    );
    // Out-of-range discount factors mean no discount, with a warning.
    let files = read_inputs(&[corpus().join("genius/SON_with_discount")], "xml").unwrap();
    let imported = import_genius(&files, &ImportOptions::default()).unwrap();
    assert!(
        imported
            .scenario
            .parties()
            .iter()
            .all(|p| p.discount().is_none())
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("discount factor 2"))
    );
}

#[test]
fn real_steps_set_the_grid_of_real_issues() {
    let options = ImportOptions { real_steps: 5 };
    let dir = corpus().join("genius/SecondHandCar");
    let imported = import_paths(
        &[dir.join("car_domain.xml"), dir.join("car_buyer.xml")],
        true,
        &options,
    );
    let price = imported.scenario.find_issue("price").unwrap();
    assert_eq!(imported.scenario.issue(price).option_count(), 5);
    round_trips(&imported, true, &options, true);
    assert!(import_genius(&[], &ImportOptions { real_steps: 1 }).is_err());
}

/// SecondHandCar's dealer uses the early Genius price evaluator, whose evaluation depends on
/// the costs of the items chosen on the other issues: the whole folder imports, and every
/// outcome's utility equals Genius's formula (computed independently above) within 1e-12, on
/// the default grid and on others.
#[test]
fn second_hand_car_price_evaluator_imports_exactly() {
    let dir = corpus().join("genius/SecondHandCar");
    for steps in [21, 5] {
        let options = ImportOptions { real_steps: steps };
        let imported = import_paths(std::slice::from_ref(&dir), true, &options);
        let s = &imported.scenario;
        let dealer = s.find_party("car_dealer").unwrap();
        assert!(!s.party(dealer).interactions().is_empty());
        let raw_issues = raw_domain(&dir.join("car_domain.xml"), steps);
        let (f, affine) = genius_formula(&raw_xml(&dir.join("car_dealer.xml")), &raw_issues);
        assert!(affine.is_none());
        let prefs = PointPreferences::midpoint(s, dealer);
        let sz = sizes(s);
        assert_eq!(sz.iter().product::<usize>(), 625 * steps);
        let mut n = 0;
        for_each_outcome(&sz, |o| {
            let (sum, wsum) = f(o);
            let u = prefs.utility(&ixs(o));
            assert!(
                (u - sum / wsum).abs() <= 1e-12,
                "{steps} steps, {o:?}: accord {u}, Genius {}",
                sum / wsum
            );
            n += 1;
        });
        assert_eq!(n, 625 * steps);
    }
    let files = read_inputs(&[dir], "xml").unwrap();
    let imported = import_genius(&files, &ImportOptions::default()).unwrap();
    let note = imported.scenario.note().unwrap();
    assert!(
        note.contains("`car_dealer` issue `price`: clamp01((price - sum of the chosen items' costs - 13000) / 3900)"),
        "{note}"
    );
}

#[test]
fn a_folder_with_several_domains_is_refused_with_the_list() {
    let files = read_inputs(&[corpus().join("genius/Supermarket")], "xml").unwrap();
    let e = import_genius(&files, &ImportOptions::default()).unwrap_err();
    assert!(e.reason.contains("3 domain files"), "{e}");
}

/// The ANL `specials.json` sidecars: the utilities they list for their bids (Nash, Kalai,
/// social welfare, every Pareto point) are the imported scenario's, and their Pareto front is
/// the imported scenario's non-dominated set (brute force here). Reproducing them with
/// `accord analyze` is left to that command's tests.
#[test]
fn anl_specials_match_the_imported_utilities() {
    let mut checked = 0;
    for dir in dirs("geniusweb")
        .into_iter()
        .filter(|d| d.join("specials.json").is_file())
    {
        let imported = import_paths(std::slice::from_ref(&dir), false, &ImportOptions::default());
        let s = &imported.scenario;
        let specials: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("specials.json")).unwrap())
                .unwrap();
        let prefs: Vec<PointPreferences<'_>> = s
            .party_ixs()
            .map(|p| PointPreferences::midpoint(s, p))
            .collect();
        assert_eq!(prefs.len(), 2);
        let outcome_of = |bid: &serde_json::Value| -> Vec<OptionIx> {
            s.issues()
                .iter()
                .map(|issue| {
                    let v = bid[issue.title()].as_str().unwrap();
                    issue
                        .options()
                        .find(|&o| issue.option_label(o) == v)
                        .unwrap_or_else(|| panic!("{v}"))
                })
                .collect()
        };
        let check = |entry: &serde_json::Value| {
            let o = outcome_of(&entry["bid"]);
            for (k, p) in prefs.iter().enumerate() {
                let expected = entry["utility"][k].as_f64().unwrap();
                assert!(
                    (p.utility(&o) - expected).abs() <= 1e-9,
                    "{}",
                    dir.display()
                );
            }
        };
        for key in ["nash", "kalai", "social_welfare"] {
            check(&specials[key]);
        }
        let front = specials["pareto_front"].as_array().unwrap();
        front.iter().for_each(check);
        // The non-dominated utility pairs, by brute force.
        let mut points: Vec<(f64, f64)> = Vec::new();
        for_each_outcome(&sizes(s), |o| {
            let o = ixs(o);
            points.push((prefs[0].utility(&o), prefs[1].utility(&o)));
        });
        let dominated = |p: &(f64, f64)| {
            points.iter().any(|q| {
                q.0 >= p.0 - 1e-12 && q.1 >= p.1 - 1e-12 && (q.0 > p.0 + 1e-12 || q.1 > p.1 + 1e-12)
            })
        };
        let mut ours: Vec<(f64, f64)> = points.iter().copied().filter(|p| !dominated(p)).collect();
        ours.sort_by(|a, b| a.0.total_cmp(&b.0));
        ours.dedup_by(|a, b| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9);
        let mut theirs: Vec<(f64, f64)> = front
            .iter()
            .map(|e| {
                (
                    e["utility"][0].as_f64().unwrap(),
                    e["utility"][1].as_f64().unwrap(),
                )
            })
            .collect();
        theirs.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(ours.len(), theirs.len(), "{}", dir.display());
        for (a, b) in ours.iter().zip(&theirs) {
            assert!(
                (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
                "{a:?} {b:?}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 3);
}

/// Every corpus scenario (Genius- or GeniusWeb-imported), exported as Genius XML, is evaluated
/// by the independent Genius formula exactly as accord evaluates it (weight sums accounted for);
/// linear Genius domains converted to GeniusWeb and back keep every utility.
#[test]
fn exports_follow_the_target_formats_own_formulas() {
    let options = ImportOptions::default();
    let mut scenarios: Vec<Imported> = Vec::new();
    for dir in dirs("genius") {
        for (domain, profiles) in genius_groups(&dir) {
            let mut paths = vec![domain];
            paths.extend(profiles);
            scenarios.push(import_paths(&paths, true, &options));
        }
    }
    for dir in dirs("geniusweb") {
        scenarios.push(import_paths(&[dir], false, &options));
    }
    let scratch =
        std::env::temp_dir().join(format!("accord-formats-corpus-{}", std::process::id()));
    for imported in &scenarios {
        let s = &imported.scenario;
        let sz = sizes(s);
        let count: u128 = sz.iter().map(|&n| n as u128).product();
        let sample = outcomes(&sz, (count > 20_000).then_some(2_000));
        // Genius: written to files and evaluated by the independent reader. The one refusal:
        // the SecondHandCar dealer's price evaluator, imported as interactions on discrete
        // issues, which Genius hyper-rectangles cannot bound.
        let exported = match export_genius(s) {
            Ok(e) => e,
            Err(e) => {
                assert!(
                    e.reason.contains("party `car_dealer`")
                        && e.reason
                            .contains("hyper-rectangles bound integer issues only"),
                    "{}: {e}",
                    s.id()
                );
                continue;
            }
        };
        let dir = scratch.join(s.id().as_str());
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &exported.files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let raw_issues = raw_domain(&dir.join(&exported.files[0].0), options.real_steps);
        for p in s.party_ixs() {
            let prefs = PointPreferences::midpoint(s, p);
            let (f, _) = genius_formula(
                &raw_xml(&dir.join(&exported.files[p.index() + 1].0)),
                &raw_issues,
            );
            // Weights are written as stored when they sum to 1 within 1e-3 (then Genius's sum is
            // accord's utility times that sum), else normalised (then it is accord's utility);
            // a discrete issue whose best score is below 1 keeps this through a scaled weight.
            let stored: f64 = s
                .party(p)
                .weights()
                .iter()
                .map(|(_, w)| w.midpoint())
                .filter(|w| *w > 0.0)
                .sum();
            let factor = if (stored - 1.0).abs() <= 1e-3 {
                stored
            } else {
                1.0
            };
            for o in &sample {
                let (sum, _) = f(o);
                let u = prefs.utility(&ixs(o));
                assert!(
                    (sum - factor * u).abs() <= 1e-9,
                    "{}: {o:?}: {sum} vs {u}",
                    s.id()
                );
                if factor == 1.0 && sum <= 1.0 {
                    assert!((sum.min(1.0) - u).abs() <= 1e-9);
                }
            }
        }
        // GeniusWeb: linear profiles convert with the same utilities.
        let linear = s.parties().iter().all(|p| p.interactions().is_empty());
        if linear {
            let exported = export_geniusweb(s).unwrap();
            let files = in_memory(&exported.files);
            let back = import_geniusweb(&files, &options).unwrap();
            for p in s.party_ixs() {
                let a = PointPreferences::midpoint(s, p);
                let b = PointPreferences::midpoint(&back.scenario, p);
                for o in &sample {
                    let o = ixs(o);
                    assert!((a.utility(&o) - b.utility(&o)).abs() <= 1e-12, "{}", s.id());
                }
                // The reservation bid implies a walk-away value at or just above the original.
                assert!(b.walk_away() >= a.walk_away() - 1e-12, "{}", s.id());
            }
        } else {
            assert!(export_geniusweb(s).is_err());
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
