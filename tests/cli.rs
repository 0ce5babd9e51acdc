//! The writer's command line: help with examples, `init --lang`, `new` with Japanese titles,
//! `-q`, and colours only on a terminal without `NO_COLOR`.

mod common;

use std::path::Path;

use common::{glossgen, Run, Site};

const SUBCOMMANDS: [&[&str]; 6] = [
    &["build"],
    &["serve"],
    &["check"],
    &["init"],
    &["new"],
    &["import", "hugo"],
];

#[test]
fn every_subcommand_and_flag_has_help_text_and_an_example() {
    let top = glossgen(["--help"]).expect(0);
    assert!(top.stdout.contains("Examples:"), "{}", top.stdout);
    for sub in SUBCOMMANDS {
        let mut args: Vec<&str> = sub.to_vec();
        args.push("-h");
        let run = glossgen(&args).expect(0);
        let help = &run.stdout;
        let name = sub.join(" ");
        assert!(
            help.contains("Example"),
            "`{name} -h` has no example:\n{help}"
        );
        let mut options = 0;
        let lines: Vec<&str> = help.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let flag = line.trim_start();
            if !(flag.starts_with("--") || flag.starts_with("-q") || flag.starts_with("-h")) {
                continue;
            }
            options += 1;
            // `--flag <VALUE>  Description` on one line, or the description on the next
            // line, indented deeper (clap's layout for long flags).
            let same_line = flag
                .split_once("  ")
                .is_some_and(|(_, text)| !text.trim().is_empty());
            let indent = |l: &str| l.len() - l.trim_start().len();
            let next_line = lines.get(i + 1).is_some_and(|next| {
                indent(next) > indent(line) && !next.trim_start().starts_with('-')
            });
            assert!(
                same_line || next_line,
                "`{name}`: no help text for `{flag}`"
            );
        }
        assert!(options >= 2, "`{name}`: no options listed:\n{help}");
        // Positional arguments are described too.
        if let Some(args_block) = help.split("Arguments:\n").nth(1) {
            for line in args_block.lines().take_while(|l| !l.is_empty()) {
                let text = line.trim_start().split_once("  ").map(|(_, t)| t.trim());
                assert!(
                    text.is_some_and(|t| !t.is_empty()),
                    "`{name}`: argument without help: {line}"
                );
            }
        }
    }
}

fn init(dir: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["init".as_ref(), dir.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    glossgen(args).expect(0)
}

#[test]
fn init_makes_a_japanese_site_by_default_without_a_theme_copy() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("site");
    init(&dir, &[]);
    let config = std::fs::read_to_string(dir.join("config.yaml")).expect("config");
    assert!(config.contains("\nlanguage: ja\n"), "{config}");
    assert!(!dir.join("themes").exists(), "theme copied without --theme");
    glossgen(["build".as_ref(), "--root".as_ref(), dir.as_os_str()]).expect(0);
    let page = std::fs::read_to_string(dir.join("public/terms/glossary/index.html")).expect("page");
    assert!(page.contains("<html lang=ja>") || page.contains("<html lang=\"ja\">"));
    assert!(page.contains("用語集"), "Japanese sample term");
}

#[test]
fn init_lang_en_and_theme_copy_on_request() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("site");
    init(&dir, &["--lang", "en", "--theme"]);
    let config = std::fs::read_to_string(dir.join("config.yaml")).expect("config");
    assert!(config.contains("\nlanguage: en\n"), "{config}");
    assert!(dir.join("themes/default/templates/term.html").is_file());
    glossgen(["build".as_ref(), "--root".as_ref(), dir.as_os_str()]).expect(0);
    // An unknown language is a usage error.
    let other = tmp.path().join("other");
    let run = glossgen([
        "init".as_ref(),
        other.as_os_str(),
        "--lang".as_ref(),
        "fr".as_ref(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

fn new_term(site: &Site, title: &str) -> Run {
    glossgen([
        "new".as_ref(),
        title.as_ref(),
        "--root".as_ref(),
        site.root().as_os_str(),
    ])
}

#[test]
fn new_derives_an_ascii_slug_from_the_reading_of_a_japanese_title() {
    let site = Site::new(&[]);
    new_term(&site, "顧客生涯価値").expect(0);
    let file = site.root().join("content/kokyakushougaikachi.md");
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.contains("title: \"顧客生涯価値\""), "{text}");
    new_term(&site, "マーケティングオートメーション").expect(0);
    assert!(site.root().join("content/maketinguotomeshon.md").is_file());
    new_term(&site, "Net Promoter Score").expect(0);
    assert!(site.root().join("content/net-promoter-score.md").is_file());
    site.build();
    assert!(site.exists("terms/kokyakushougaikachi/index.html"));
}

#[test]
fn new_asks_for_slug_when_it_cannot_make_one_or_the_file_exists() {
    let site = Site::new(&[]);
    let run = new_term(&site, "齉齉");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--slug"), "{}", run.stderr);
    new_term(&site, "顧客生涯価値").expect(0);
    let again = new_term(&site, "顧客生涯価値").expect(1);
    assert!(
        again.stderr.contains("already exists")
            && again.stderr.contains("--slug kokyakushougaikachi-2"),
        "{}",
        again.stderr
    );
}

#[test]
fn quiet_build_prints_nothing_and_piped_output_has_no_bar_or_colour() {
    let site = Site::new(&[("content/a.md", &common::term("アルファ", "", "本文。"))]);
    let quiet = site.build_with(&["-q"]).expect(0);
    assert_eq!(quiet.stderr, "", "-q printed something");
    let loud = site.build();
    assert!(loud.stderr.contains("built 1 terms"), "{}", loud.stderr);
    assert!(!loud.stderr.contains('\r') && !loud.stderr.contains('\x1b'));
}

/// Runs `glossgen build` on a pseudo-terminal (util-linux `script`), so the binary sees a
/// terminal on stderr; `None` when `script` is absent.
fn build_on_terminal(site: &Site, env: &[(&str, &str)]) -> Option<String> {
    if !Path::new("/usr/bin/script").is_file() {
        println!("SKIPPED: no /usr/bin/script for a pseudo-terminal");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("glossgen");
    let command = format!("{} build --root {}", bin.display(), site.root().display());
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"]);
    cmd.env_remove("NO_COLOR").env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run script");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colours_on_a_terminal_unless_no_color() {
    let site = Site::with_config(
        "title: t\nbase_url: https://example.com/\npaginate: 0\n",
        &[],
    );
    let Some(coloured) = build_on_terminal(&site, &[]) else {
        return;
    };
    assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured:?}");
    let plain = build_on_terminal(&site, &[("NO_COLOR", "1")]).expect("script");
    assert!(plain.contains("error:"), "{plain:?}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
}
