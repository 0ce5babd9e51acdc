//! Property tests over hostile input (issue 8, fuzzing on stable): front matter, Markdown with
//! references and auto-links, slugs and name normalisation, dates, HTML nesting and the
//! minifier. Each property runs on hundreds of generated inputs in process; whole sites and
//! long runs are the fuzz command's job (`cargo run --release --example fuzz -- 600`).

#[path = "../examples/fuzz/gen.rs"]
mod gen;

use std::path::PathBuf;
use std::sync::Arc;

use glossgen::content::date::{check_date, days_in_month};
use glossgen::content::front_matter::{is_safe_slug, parse_file, MAX_SEGMENT_BYTES};
use glossgen::content::ContentFile;
use glossgen::markdown::{self, BodyContext};
use glossgen::model::{AutoLinkerCache, SiteModel};
use glossgen::nesting::{HtmlNesting, MAX_BODY_NESTING};
use proptest::prelude::*;

/// Text made of the fragments that break parsers, with arbitrary characters between.
fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(gen::FRAGMENTS).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            1 => (prop::sample::select(gen::FRAGMENTS), 1..200usize)
                .prop_map(|(f, n)| f.repeat(n)),
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

fn file(name: &str) -> ContentFile {
    ContentFile {
        path: PathBuf::from(format!("content/{name}.md")),
        default_slug: name.into(),
        assets: vec![],
        bundle_dir: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn date_validation_never_panics(s in "\\PC{0,40}") {
        let _ = check_date(&s);
    }

    #[test]
    fn every_real_date_time_passes_and_the_day_after_month_end_fails(
        y in 0u32..10_000, m in 1u32..=12, d in 1u32..=31, h in 0u32..24, mi in 0u32..60,
        s in 0u32..=60, tz in prop::sample::select(&["", "Z", "+09:00", "-05:30", ".25Z"][..]),
    ) {
        let day_ok = d <= days_in_month(y, m);
        let date = format!("{y:04}-{m:02}-{d:02}");
        prop_assert_eq!(check_date(&date).is_ok(), day_ok, "{}", date);
        let full = format!("{date}T{h:02}:{mi:02}:{s:02}{tz}");
        prop_assert_eq!(check_date(&full).is_ok(), day_ok, "{}", full);
    }

    #[test]
    fn any_bytes_parse_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_file(file("x"), &bytes);
    }

    #[test]
    fn accepted_front_matter_has_a_safe_slug_and_real_dates(
        slug in hostile_text(6), date in hostile_text(3), body in hostile_text(20),
        crlf in any::<bool>(), bom in any::<bool>(),
    ) {
        let yaml = |s: &str| format!("\"{}\"", s.escape_default());
        let mut text = format!(
            "---\ntitle: T\nslug: {}\ndate: {}\n---\n{body}",
            yaml(&slug),
            yaml(&date),
        );
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        if bom {
            text.insert(0, '\u{feff}');
        }
        if let (Some(src), _) = parse_file(file("x"), text.as_bytes()) {
            prop_assert!(is_safe_slug(&src.slug) && src.slug.len() <= MAX_SEGMENT_BYTES);
            if let Some(d) = &src.front.date {
                prop_assert!(check_date(d).is_ok());
            }
        }
    }

    #[test]
    fn bodies_render_without_panic_and_accepted_ones_nest_within_the_limit(
        bodies in prop::collection::vec(hostile_text(40), 1..4),
        names in prop::collection::vec(hostile_text(3), 1..4),
    ) {
        render_site(&bodies, &names)?;
    }

    #[test]
    fn slugs_and_name_keys_never_panic_and_slugs_stay_one_segment(s in hostile_text(12)) {
        let slug = glossgen::model::taxonomy::slugify(&s);
        prop_assert!(!slug.contains('/') && !slug.starts_with('-') && !slug.ends_with('-'));
        prop_assert!(!slug.chars().any(char::is_whitespace));
        let _ = glossgen::model::lookup::name_key(&s);
        let _ = glossgen::model::collation::sort_key(&s);
        let _ = glossgen::model::collation::fold_reading(&s);
        let _ = glossgen::model::collation::index_group(&s);
        let _ = markdown::heading_slug(&s);
        let encoded = glossgen::text::percent_encode_segment(&s);
        prop_assert!(encoded.is_ascii() && !encoded.contains('/'));
        let cut = glossgen::text::cut_chars(&s, 10);
        prop_assert!(cut.chars().count() <= 11);
        let _ = glossgen::text::collapse_whitespace(&s);
    }

    #[test]
    fn nesting_is_the_same_fed_whole_or_in_pieces(
        html in hostile_text(60), cuts in prop::collection::vec(any::<usize>(), 0..6),
    ) {
        let mut points: Vec<usize> = cuts
            .iter()
            .map(|c| c % (html.len() + 1))
            .filter(|&c| html.is_char_boundary(c))
            .collect();
        points.sort_unstable();
        let mut pieces = HtmlNesting::default();
        let (mut last, mut deepest) = (0, 0);
        for p in points.into_iter().chain([html.len()]) {
            pieces.feed(&html[last..p]);
            deepest = deepest.max(pieces.take_peak());
            last = p;
        }
        prop_assert_eq!(deepest, HtmlNesting::max_depth(&html));
    }

    #[test]
    fn html_nesting_and_template_minify_never_panic(html in hostile_text(60)) {
        let depth = HtmlNesting::max_depth(&html);
        prop_assert!(depth <= html.len());
        let out = glossgen::render::template_minify::minify_template(&html);
        prop_assert!(out.len() <= html.len());
        prop_assert_eq!(out.matches('\n').count(), html.matches('\n').count());
    }
}

/// Builds a small model from the bodies and names and renders every body.
fn render_site(bodies: &[String], names: &[String]) -> Result<(), TestCaseError> {
    let (site, _) = glossgen::config::parse("title: P\nbase_url: https://e.com/\n")
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let sources: Vec<_> = bodies
        .iter()
        .enumerate()
        .filter_map(|(i, body)| {
            let name = names.get(i).cloned().unwrap_or_default();
            let front = format!(
                "---\ntitle: \"T{i}{}\"\naliases: [\"{}\"]\n---\n",
                name.escape_default(),
                name.escape_default()
            );
            let text = format!("{front}{body} [[T0]] [[{name}]]");
            parse_file(file(&format!("t{i}")), text.as_bytes()).0
        })
        .map(Arc::new)
        .collect();
    let (model, _) = SiteModel::build(sources, &site, false, &mut AutoLinkerCache::default());
    for (id, term) in model.terms.iter().enumerate() {
        let ctx = BodyContext {
            lookup: &model.lookup,
            autolinker: Some(model.autolinker.get()),
            terms: &model.terms,
            this: id,
            first_line: term.body_line,
            shortcodes: None,
            fallbacks: &[],
        };
        let out = markdown::render(&term.body, &ctx);
        if out.problems.is_empty() {
            let depth = HtmlNesting::max_depth(&out.html);
            // HTML has a few more levels than events (a table's `<tbody>`), never many.
            prop_assert!(
                depth <= MAX_BODY_NESTING + 10,
                "depth {} accepted: {:?}",
                depth,
                &out.html[..out.html.len().min(300)]
            );
        }
    }
    Ok(())
}

/// Seeds of the fuzz command's site generator, each site's bodies rendered in process: the
/// generator's deep and huge structures, not only what proptest's strategies produce.
#[test]
fn fuzz_generator_bodies_render_without_panic() {
    for seed in 0..40 {
        let mut rng = gen::Rng::new(seed);
        let names: Vec<String> = (0..3).map(|i| format!("名前{i}")).collect();
        let bodies: Vec<String> = (0..3).map(|_| gen::body(&mut rng, &names)).collect();
        if let Err(e) = render_site(&bodies, &names) {
            panic!("seed {seed}: {e}");
        }
    }
}
