//! One minimal input per reference quirk of `../shared/corpora/REPORT.md`.

use super::*;

fn index() -> TermIndex {
    let mut t = TermIndex::default();
    for (slug, title) in [
        ("pod", "Pod"),
        ("statefulset", "StatefulSet"),
        ("member", "Member"),
        ("nodes", "Nodes"),
        ("endpoint", "Endpoints"),
    ] {
        t.insert(slug, title);
    }
    t
}

fn body(text: &str) -> (String, Findings) {
    convert_body(text, 10, &index())
}

#[test]
fn tooltip_becomes_a_reference_with_its_text() {
    let (out, f) = body(r#"A {{< glossary_tooltip text="Pods" term_id="pod" >}} runs."#);
    assert_eq!(out, "A [[pod|Pods]] runs.");
    assert_eq!(f.converted, 1);
}

#[test]
fn tooltip_without_text_shows_the_title() {
    let (out, _) = body(r#"By a {{< glossary_tooltip term_id="pod" >}}."#);
    assert_eq!(out, "By a [[pod]].");
}

#[test]
fn tooltip_attributes_in_either_order_and_without_spaces() {
    let (out, f) = body(
        r#"{{<glossary_tooltip term_id="pod" text="ポッド">}} {{< glossary_tooltip   term_id = "pod"  text="x" >}}"#,
    );
    assert_eq!(out, "[[pod|ポッド]] [[pod|x]]");
    assert_eq!(f.converted, 2);
}

#[test]
fn tooltip_matches_the_file_name_ignoring_case_not_the_id() {
    let (out, _) = body(r#"{{< glossary_tooltip text="sets" term_id="StatefulSet" >}}"#);
    assert_eq!(out, "[[statefulset|sets]]");
    // `endpoint.md` has `id: endpoints`: upstream matches file names only.
    let (out, f) = body(r#"{{< glossary_tooltip text="ep" term_id="endpoints" >}}"#);
    assert_eq!(out, "ep");
    assert_eq!(f.unresolved.len(), 1);
}

#[test]
fn unresolvable_tooltip_keeps_its_text_and_is_reported_with_its_line() {
    let (out, f) = body("first\n{{< glossary_tooltip text=\"デバイス\" term_id=\"device\" >}}です");
    assert_eq!(out, "first\nデバイスです");
    assert_eq!(
        f.unresolved,
        vec![(
            11,
            r#"{{< glossary_tooltip text="デバイス" term_id="device" >}}"#.to_string()
        )]
    );
    let (out, _) = body(r#"{{< glossary_tooltip term_id="device" >}}"#);
    assert_eq!(out, "device", "no text: the id, never nothing");
}

#[test]
fn tooltip_in_short_description_becomes_plain_text() {
    let (out, f) = plain_description(
        r#"Runs {{< glossary_tooltip text="Pods" term_id="pod" >}} and {{< glossary_tooltip term_id="statefulset" >}}."#,
        4,
        &index(),
    );
    assert_eq!(out, "Runs Pods and StatefulSet.");
    assert!(f.unresolved.is_empty());
}

#[test]
fn markdown_links_to_terms_root_language_and_relative() {
    let (out, f) = body("[services](/pod/) [ノード](/ja/nodes/) [n](../nodes/) [p](/pod/#usage)");
    assert_eq!(
        out,
        "[[pod|services]] [[nodes|ノード]] [[nodes|n]] [[pod|p]]"
    );
    assert_eq!(f.converted, 4);
}

#[test]
fn glossary_page_anchors_name_terms() {
    let (out, _) = body(
        "[community members](#term-member) [m](/docs/reference/glossary/?all=true#term-member)",
    );
    assert_eq!(out, "[[member|community members]] [[member|m]]");
}

#[test]
fn a_term_like_link_to_no_term_is_unresolvable() {
    let (out, f) = body("[x](/nothing/) and [y](#term-nothing)");
    assert_eq!(out, "x and y");
    assert_eq!(f.unresolved.len(), 2);
}

#[test]
fn links_into_the_source_site_become_absolute_or_plain_text() {
    let link = "[Job](/docs/concepts/workloads/controllers/job/)";
    let (out, f) = body(link);
    assert_eq!(out, "Job");
    assert_eq!(f.site_links.len(), 1);
    let mut t = index();
    t.source_url = Some("https://kubernetes.io".into());
    let (out, _) = convert_body(link, 1, &t);
    assert_eq!(
        out,
        "[Job](https://kubernetes.io/docs/concepts/workloads/controllers/job/)"
    );
}

#[test]
fn external_links_images_and_in_page_anchors_are_kept() {
    let text = "[a](https://etcd.io/) ![i](/img/x.png) [b](#section) [c](mailto:a@b.c)";
    let (out, f) = body(text);
    assert_eq!(out, text);
    assert_eq!(f, Findings::default());
}

#[test]
fn note_becomes_a_callout_keeping_lines() {
    let (out, f) = body("Before.\n\n{{< note >}}\nkops is {{< glossary_tooltip text=\"p\" term_id=\"pod\" >}}.\nSecond.\n{{< /note >}}\n\nAfter.");
    assert_eq!(
        out,
        "Before.\n\n{% callout(kind=\"note\") %}\nkops is [[pod|p]].\nSecond.\n{% end %}\n\nAfter."
    );
    assert!(f.shortcodes.is_empty());
    let (out, _) = body("{{< note >}}One line.{{< /note >}}");
    assert_eq!(out, "{% callout(kind=\"note\") %}One line.{% end %}");
}

#[test]
fn other_shortcodes_stay_visible_escaped_and_are_reported() {
    let (out, f) = body(r#"v{{< param "version" >}} {{% sign-language-section abc %}}"#);
    assert_eq!(
        out,
        r#"v\{\{\< param "version" \>\}\} \{\{\% sign-language-section abc \%\}\}"#
    );
    assert_eq!(
        f.shortcodes,
        vec![(10, "param".into()), (10, "sign-language-section".into())]
    );
}

#[test]
fn more_marker_html_entities_comments_and_definition_lists_are_untouched() {
    let text = "Summary.\n<!--more-->\n\nwith&#58; a<br>\n<!-- TODO -->\nRole\n: definition";
    assert_eq!(body(text).0, text);
}

#[test]
fn code_is_never_converted() {
    let text = "`{{< param \"v\" >}}` [`Pods`](/pod/)\n```\n{{< note >}}\n[x](/pod/)\n```";
    let (out, f) = body(text);
    assert_eq!(
        out,
        "`{{< param \"v\" >}}` [[pod|`Pods`]]\n```\n{{< note >}}\n[x](/pod/)\n```"
    );
    assert!(f.shortcodes.is_empty());
}
