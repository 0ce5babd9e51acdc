//! Output safety with the real binary: no spelling of the output folder may replace the site,
//! its sources, home or `/`; a folder glossgen did not write needs `--force`; a build killed
//! at any step of the swap leaves a complete output, and the next build removes its leftovers;
//! two builds of one output do not interleave.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use common::{glossgen_in, leftovers, term, tree, CONFIG};

/// `TMP/parent/site` with two terms; returns (temp dir, parent, site).
fn nested_site(config: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("parent");
    let site = parent.join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("config.yaml"), config).unwrap();
    std::fs::write(
        site.join("content/ltv.md"),
        term("LTV", "tags: [指標]", "[[cac]]と比べる。"),
    )
    .unwrap();
    std::fs::write(
        site.join("content/cac.md"),
        term("CAC", "tags: [指標]", "獲得コスト。"),
    )
    .unwrap();
    (tmp, parent, site)
}

/// Every file of the temporary folder, so that nothing anywhere may change.
fn snapshot(tmp: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(tmp)
}

/// Runs `glossgen ARGS` in `cwd`, expects a refusal naming `why`, and checks that nothing in
/// the temporary folder changed and no hidden folder appeared beside the site or its parent.
fn refused(tmp: &Path, cwd: &Path, env: &[(&str, &OsStr)], args: &[&OsStr], why: &str) {
    let before = snapshot(tmp);
    let run = glossgen_in(cwd, env, args);
    assert_eq!(run.code, 1, "{args:?} must be refused:\n{}", run.stderr);
    assert!(run.stderr.contains("refusing"), "{args:?}: {}", run.stderr);
    assert!(
        run.stderr.contains(why),
        "{args:?}: no `{why}` in {}",
        run.stderr
    );
    assert!(snapshot(tmp) == before, "{args:?} changed files");
    for dir in [
        tmp.to_path_buf(),
        tmp.join("parent"),
        tmp.join("parent/site"),
    ] {
        let hidden: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(
            hidden.is_empty(),
            "{args:?} left {hidden:?} in {}",
            dir.display()
        );
    }
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

#[test]
fn no_spelling_of_the_site_or_its_parents_is_accepted_as_output() {
    let (tmp, parent, site) = nested_site(CONFIG);
    let t = tmp.path();
    let none: &[(&str, &OsStr)] = &[];
    refused(
        t,
        &site,
        none,
        &[os("build"), os("--output"), os("../site")],
        "is the site folder itself",
    );
    let dotted = site.join("../site");
    refused(
        t,
        &site,
        none,
        &[os("build"), os("--output"), dotted.as_os_str()],
        "is the site folder itself",
    );
    refused(
        t,
        &site,
        none,
        &[os("build"), os("--output"), os("..")],
        "contains the site folder",
    );
    refused(
        t,
        &site,
        none,
        &[os("build"), os("--output"), os("../.."), os("--force")],
        "contains the site folder",
    );
    refused(
        t,
        &site,
        none,
        &[os("build"), os("--output"), os("/"), os("--force")],
        "root of the file system",
    );
    for inside in [
        "content",
        "content/out",
        "static/x",
        "templates",
        "themes/default/out",
    ] {
        let why = format!(
            "lies in the site's {}/ folder",
            inside.split('/').next().unwrap()
        );
        refused(
            t,
            &site,
            none,
            &[os("build"), os("--output"), os(inside), os("--force")],
            &why,
        );
    }
    let home = t.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let env = [
        ("HOME", home.as_os_str()),
        ("USERPROFILE", home.as_os_str()),
    ];
    refused(
        t,
        &site,
        &env,
        &[os("build"), os("--output"), home.as_os_str(), os("--force")],
        "home folder",
    );
    refused(
        t,
        &site,
        &env,
        &[os("build"), os("--output"), t.as_os_str(), os("--force")],
        "contains",
    );

    // The same through `output_dir`, from the site and through `--root parent/site`.
    std::fs::write(
        site.join("config.yaml"),
        format!("{CONFIG}output_dir: ../site\n"),
    )
    .unwrap();
    refused(t, &site, none, &[os("build")], "is the site folder itself");
    refused(
        t,
        &parent,
        none,
        &[os("build"), os("--root"), os("site")],
        "is the site folder itself",
    );
    refused(
        t,
        t,
        none,
        &[os("build"), os("--root"), os("parent/site")],
        "is the site folder itself",
    );
    std::fs::write(
        site.join("config.yaml"),
        format!("{CONFIG}output_dir: content/public\n"),
    )
    .unwrap();
    refused(
        t,
        t,
        none,
        &[os("build"), os("--root"), os("parent/site")],
        "content/ folder",
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_the_site_is_refused_as_output() {
    let (tmp, _parent, site) = nested_site(CONFIG);
    std::os::unix::fs::symlink(&site, tmp.path().join("link")).unwrap();
    let link = tmp.path().join("link");
    let run = glossgen_in(&site, &[], [os("build"), os("--output"), link.as_os_str()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("is the site folder itself"),
        "{}",
        run.stderr
    );
    assert!(site.join("config.yaml").is_file() && site.join("content/ltv.md").is_file());
}

#[test]
fn a_folder_glossgen_did_not_write_needs_force() {
    let (tmp, _parent, site) = nested_site(CONFIG);
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let args = |force: bool| {
        let mut a = vec![os("build"), os("--output"), foreign.as_os_str()];
        if force {
            a.push(os("--force"));
        }
        a
    };
    let run = glossgen_in(&site, &[], args(false));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("was not written by glossgen"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );

    let run = glossgen_in(&site, &[], args(true));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(foreign.join("terms/ltv/index.html").is_file());
    assert!(
        foreign.join(".glossgen-output").is_file(),
        "the marker is written"
    );
    // Now glossgen's own: replaced without --force; an empty folder needs none either.
    let run = glossgen_in(&site, &[], args(false));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = glossgen_in(&site, &[], [os("build"), os("--output"), empty.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(leftovers(tmp.path(), "foreign"), Vec::<String>::new());
}

/// `glossgen build --root SITE --no-minify` as a child process, with extra environment.
#[cfg(unix)]
fn spawn_build(site: &Path, env: &[(&str, &str)]) -> std::process::Child {
    let mut cmd = common::glossgen_command();
    cmd.args(["build", "--no-minify", "--root"])
        .arg(site)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("start glossgen build")
}

/// Reads the child's stderr until a line containing `needle` (bounded by the child's own
/// output: it pauses for ever after the line, so EOF means it failed).
#[cfg(unix)]
fn wait_for_line(child: &mut std::process::Child, needle: &str) -> String {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("piped stderr");
    let mut reader = std::io::BufReader::new(stderr);
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("the build ended without printing `{needle}`:\n{seen}");
        }
        seen.push_str(&line);
        if line.contains(needle) {
            child.stderr = Some(reader.into_inner());
            return seen;
        }
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_step_leaves_a_complete_output_and_no_leftovers() {
    let stages: [(&str, bool); 7] = [
        ("staging", false),
        ("staged", false),
        ("exchanged", false),
        ("removing", false),
        ("staging", true),
        ("staged", true),
        ("moved-old", true),
    ];
    for (stage, fallback) in stages {
        let (_tmp, _parent, site) = nested_site(CONFIG);
        let out = site.join("public");
        let run = glossgen_in(&site, &[], [os("build"), os("--no-minify")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let previous = tree(&out);
        std::fs::write(
            site.join("content/cac.md"),
            term("CAC", "tags: [指標]", "新しい本文。"),
        )
        .unwrap();

        let mut env = vec![("GLOSSGEN_TEST_PAUSE_AT", stage)];
        if fallback {
            env.push(("GLOSSGEN_TEST_NO_EXCHANGE", "1"));
        }
        let mut child = spawn_build(&site, &env);
        wait_for_line(&mut child, &format!("paused at {stage}"));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let what = format!(
            "killed at `{stage}`{}",
            if fallback { " (fallback swap)" } else { "" }
        );
        if stage == "moved-old" {
            // The documented gap of the fallback: the old output waits under another name.
            assert!(!out.exists(), "{what}");
        } else {
            let now = tree(&out);
            assert_eq!(
                now.keys().collect::<Vec<_>>(),
                previous.keys().collect::<Vec<_>>(),
                "{what}"
            );
            let new = String::from_utf8_lossy(&now["terms/cac/index.html"]).contains("新しい本文");
            assert!(
                new || now == previous,
                "{what}: neither the previous nor the new output"
            );
            assert_eq!(new, ["exchanged", "removing"].contains(&stage), "{what}");
        }
        // The next build (a failing one, even) puts things right before anything else.
        std::fs::write(site.join("content/bad.md"), "---\ntitle: [\n---\n").unwrap();
        let run = glossgen_in(&site, &[], [os("build"), os("--no-minify")]);
        assert_eq!(run.code, 1, "{what}: {}", run.stderr);
        assert_eq!(leftovers(&site, "public"), Vec::<String>::new(), "{what}");
        let kept = tree(&out);
        assert_eq!(
            kept.keys().collect::<Vec<_>>(),
            previous.keys().collect::<Vec<_>>(),
            "{what}"
        );
        std::fs::remove_file(site.join("content/bad.md")).unwrap();
        let run = glossgen_in(&site, &[], [os("build"), os("--no-minify")]);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert!(String::from_utf8_lossy(&tree(&out)["terms/cac/index.html"]).contains("新しい本文"));
        assert_eq!(leftovers(&site, "public"), Vec::<String>::new(), "{what}");
    }
}

#[cfg(unix)]
#[test]
fn a_second_build_of_one_output_waits_for_the_first() {
    let (_tmp, _parent, site) = nested_site(CONFIG);
    let mut first = spawn_build(&site, &[("GLOSSGEN_TEST_PAUSE_AT", "staged")]);
    wait_for_line(&mut first, "paused at staged");
    let mut second = spawn_build(&site, &[]);
    let said = wait_for_line(&mut second, "waiting for another glossgen build");
    assert!(said.contains("public"), "{said}");
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second build must wait"
    );
    first.kill().unwrap();
    first.wait().unwrap();
    let status = second.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(site.join("public/terms/ltv/index.html").is_file());
    assert_eq!(leftovers(&site, "public"), Vec::<String>::new());
}
