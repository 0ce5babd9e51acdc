//! One minimal input per front-matter quirk of `../shared/corpora/REPORT.md`.

use super::*;

fn terms() -> TermIndex {
    let mut t = TermIndex::default();
    t.insert("pod", "Pod");
    t.insert("endpoint", "Endpoints");
    t
}

/// The glossgen front matter (as YAML) and the findings for one Hugo file.
fn map(stem: &str, text: &str) -> (String, Mapped) {
    let page = read_page(stem, text).expect("a term page");
    let taken = |n: &str| n.eq_ignore_ascii_case("pod") || n.eq_ignore_ascii_case("Endpoints");
    let m = map_front_matter(&page, &terms(), &taken);
    (serde_yaml::to_string(&m.front).expect("yaml"), m)
}

#[test]
fn kubernetes_keys_map_and_full_link_goes_to_extra() {
    let (yaml, m) = map(
        "cgroup",
        "---\ntitle: cgroup\nid: cgroup\ndate: 2019-06-25\nfull_link:\nshort_description: >\n  A group of Linux processes\n  with limits.\n\naka: \n- control group\ntags:\n- fundamental\n---\nBody.\n",
    );
    assert_eq!(
        yaml,
        "title: cgroup\ndescription: A group of Linux processes with limits.\ndate: 2019-06-25\naliases:\n- control group\ntags:\n- fundamental\n"
    );
    assert!(
        m.moved_to_extra.is_empty(),
        "an empty full_link says nothing"
    );
}

#[test]
fn empty_aka_is_no_alias_and_id_differing_from_the_stem_is_one() {
    let (yaml, _) = map(
        "workload",
        "---\ntitle: Workload\nid: workloads\naka:\n---\nB\n",
    );
    assert_eq!(yaml, "title: Workload\naliases:\n- workloads\n");
}

#[test]
fn an_alias_that_is_another_terms_slug_or_title_is_dropped_and_noted() {
    let (yaml, m) = map("ep", "---\ntitle: EP\naka: [Endpoints, pod, ep2]\n---\nB\n");
    assert_eq!(yaml, "title: EP\naliases:\n- ep2\n");
    assert_eq!(m.notes.len(), 2, "{:?}", m.notes);
}

#[test]
fn single_values_where_lists_belong() {
    let (yaml, _) = map(
        "x",
        "---\ntitle: X\naka: Ex\ntags: fundamental\ncategory: concept\n---\nB\n",
    );
    assert_eq!(
        yaml,
        "title: X\naliases:\n- Ex\ntags:\n- fundamental\ncategories:\n- concept\n"
    );
}

#[test]
fn padded_and_empty_tag_lists_are_cleaned() {
    let (yaml, m) = map(
        "x",
        "---\ntitle: X\ntags: [\"architecture\", \"\", \" \", \"API verb\"]\ncategory: [\"\", \"\"]\n---\nB\n",
    );
    assert_eq!(yaml, "title: X\ntags:\n- architecture\n- API verb\n");
    assert!(m.moved_to_extra.is_empty());
}

#[test]
fn capitalised_keys_are_read_and_noted() {
    let (yaml, m) = map(
        "serverless",
        "---\nTitle: Serverless\nStatus: Completed\nCategory: Concept\n---\nB\n",
    );
    assert_eq!(
        yaml,
        "title: Serverless\ncategories:\n- Concept\nextra:\n  Status: Completed\n"
    );
    assert_eq!(m.notes.len(), 3);
}

#[test]
fn hugo_workflow_status_goes_to_extra_terminology_status_stays() {
    let (yaml, m) = map("x", "---\ntitle: X\nstatus: \"Completed \"\n---\nB\n");
    assert_eq!(yaml, "title: X\nextra:\n  status: 'Completed '\n");
    assert_eq!(m.moved_to_extra, vec!["status".to_string()]);
    let (yaml, _) = map(
        "x",
        "---\ntitle: X\nstatus: Deprecated\ndraft: true\n---\nB\n",
    );
    assert_eq!(yaml, "title: X\ndraft: true\nstatus: deprecated\n");
}

#[test]
fn every_other_key_is_kept_under_extra() {
    let (yaml, m) = map(
        "x",
        "---\ntitle: X\nfull-link: /a/\nrelated:\n- pod\nweight: 3\n---\nB\n",
    );
    assert_eq!(
        yaml,
        "title: X\nextra:\n  full-link: /a/\n  related:\n  - pod\n  weight: 3\n"
    );
    assert_eq!(m.moved_to_extra, vec!["full-link", "related", "weight"]);
}

#[test]
fn dates_unquoted_missing_or_not_dates() {
    let (yaml, _) = map("x", "---\ntitle: X\ndate: 2018-04-12\n---\nB\n");
    assert_eq!(yaml, "title: X\ndate: 2018-04-12\n");
    let (yaml, _) = map("x", "---\ntitle: X\n---\nB\n");
    assert_eq!(yaml, "title: X\n");
    let (yaml, m) = map("x", "---\ntitle: X\ndate: April 2018\n---\nB\n");
    assert_eq!(yaml, "title: X\nextra:\n  date: April 2018\n");
    assert_eq!(m.moved_to_extra, vec!["date"]);
}

#[test]
fn crlf_and_bom_are_read() {
    let page = read_page(
        "x",
        "\u{feff}---\r\ntitle: X\r\ntags: [a]\r\n---\r\nLine one.\r\nTwo.",
    )
    .unwrap();
    assert_eq!(page.title, "X");
    assert_eq!(page.body, "Line one.\nTwo.");
    assert_eq!(page.body_line, 5);
}

#[test]
fn tooltip_in_short_description_is_plain_text_and_found() {
    let (yaml, m) = map(
        "x",
        "---\ntitle: X\nshort_description: >\n  Runs {{< glossary_tooltip text=\"pods\" term_id=\"pod\" >}} on {{< glossary_tooltip term_id=\"device\" >}}.\n---\nB\n",
    );
    assert_eq!(yaml, "title: X\ndescription: Runs pods on device.\n");
    assert_eq!(m.description_findings.unresolved.len(), 1);
    assert_eq!(
        m.description_findings.unresolved[0].0, 4,
        "the line it is on"
    );
}

#[test]
fn non_term_pages_are_skipped_with_a_reason() {
    for (stem, text) in [
        ("_index", "---\ntitle: Home\n---\n<div>raw</div>\n"),
        (
            "_TEMPLATE",
            "---\ntitle: T\nstatus: x\n---\nQuick summary.\n",
        ),
        (
            "search",
            "---\ntitle: Search Results\nlayout: search\n---\n",
        ),
        (
            "index",
            "---\ntitle: Glossary\nlayout: glossary\nweight: 5\n---\n\n",
        ),
        ("SOURCE", "# SOURCE\n\nNo front matter.\n"),
        ("notitle", "---\ntags: [a]\n---\nBody\n"),
        ("toml", "+++\ntitle = \"X\"\n+++\nBody\n"),
    ] {
        assert!(read_page(stem, text).is_err(), "{stem}");
    }
    // A term with an empty body but term keys is still a term.
    assert!(read_page("t", "---\ntitle: T\ntags: [a]\n---\n").is_ok());
}
