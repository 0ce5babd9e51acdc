//! The `glossgen` command line. Parses arguments, runs the library, prints problems and
//! picks the exit code: 0 success, 1 content/config/template error, 2 usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use glossgen::diagnostics::Diagnostic;
use glossgen::pipeline::CacheChoice;
use glossgen::serve::{serve, ServeError, ServeOptions};
use glossgen::{build, BuildOptions, Mode};

mod cli_ui;
mod scaffold;

#[derive(Parser)]
#[command(
    name = "glossgen",
    version,
    about = "A static site generator for glossaries",
    after_help = "Examples:\n  glossgen init my-glossary --lang ja   a new Japanese site\n  glossgen new 顧客生涯価値              a new term (slug from the reading)\n  glossgen serve                       preview with live reload\n  glossgen build                       write the site to public/\n\nColours and the progress bar appear only on a terminal; NO_COLOR=1 turns colours off."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only problems: no progress bar, no summary line. Example: `glossgen build -q`.
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    #[command(
        after_help = "Examples:\n  glossgen build\n  glossgen build --root my-glossary --output /tmp/site\n  glossgen build --base-url http://localhost:8000/ --drafts"
    )]
    Build {
        /// The site folder (holding config.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: output_dir from config.yaml).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from config.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include terms with `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Do not minify HTML.
        #[arg(long)]
        no_minify: bool,
        /// Print the time of each stage (`timing: <stage> <ms>` on stderr).
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even if it is not empty and glossgen did not write it
        /// (it has no `.glossgen-output` file). Never allows the site, its source folders,
        /// the home folder or `/`.
        #[arg(long)]
        force: bool,
        /// Keep the build cache in this folder [default: cache_dir from config.yaml, else
        /// .glossgen-cache at the site root].
        #[arg(long, conflicts_with = "no_cache")]
        cache_dir: Option<PathBuf>,
        /// Neither read nor write the build cache.
        #[arg(long)]
        no_cache: bool,
    },
    /// Build, serve on localhost, rebuild and reload on changes.
    #[command(
        after_help = "Examples:\n  glossgen serve\n  glossgen serve --port 8080 --open\n  glossgen serve --interface 0.0.0.0 --drafts"
    )]
    Serve {
        /// The site folder (holding config.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on [default: 1111, or the next free one if it is taken].
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on (`0.0.0.0` to be reachable from other machines).
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include terms with `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build into this folder (kept) instead of a temporary one (removed on exit).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Poll the file system for changes instead of OS notifications (network or
        /// container file systems).
        #[arg(long)]
        poll: bool,
    },
    /// Run every validation of a build and glossary lint; write nothing.
    #[command(
        after_help = "Examples:\n  glossgen check\n  glossgen check --external --external-parallel 4"
    )]
    Check {
        /// The site folder (holding config.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include terms with `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print the time of each stage (`timing: <stage> <ms>` on stderr).
        #[arg(long)]
        timings: bool,
        /// Also fetch every external http(s) link and report dead ones.
        #[arg(long)]
        external: bool,
        /// With --external: requests in flight at once.
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
        external_parallel: u16,
        /// With --external: seconds before a request is given up.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
        external_timeout: u64,
        /// With --external: milliseconds between two requests to the same host.
        #[arg(long, default_value_t = 500)]
        external_host_delay_ms: u64,
    },
    /// Create a new site: config.yaml and sample terms in the language asked.
    #[command(
        after_help = "Examples:\n  glossgen init my-glossary\n  glossgen init my-glossary --lang en\n  glossgen init my-glossary --theme   (also copy the theme to edit it)"
    )]
    Init {
        /// The new site's folder (must be new or empty).
        dir: PathBuf,
        /// The site's language and the language of the sample terms.
        #[arg(long, value_name = "LANG", default_value = "ja", value_parser = ["ja", "en"])]
        lang: String,
        /// Also copy the default theme to themes/default/ to change it (otherwise the
        /// built-in theme is used and stays up to date).
        #[arg(long)]
        theme: bool,
    },
    /// Create a new term file (content/SLUG.md) with front matter filled in.
    #[command(
        after_help = "Examples:\n  glossgen new 顧客生涯価値              -> content/kokyakushougaikachi.md\n  glossgen new 顧客生涯価値 --slug ltv   -> content/ltv.md\n  glossgen new \"Net Promoter Score\"    -> content/net-promoter-score.md"
    )]
    New {
        /// The term's title, as readers see it.
        title: String,
        /// The file and URL name (ASCII letters, digits, `-`). Default: the title made a
        /// slug, or the romaji of its reading for a Japanese title.
        #[arg(long)]
        slug: Option<String>,
        /// The site folder (holding config.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Convert a glossary written for another generator into a glossgen site.
    #[command(
        after_help = "Example:\n  glossgen import hugo ../website/content/en/docs/reference/glossary my-glossary --lang en"
    )]
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
}

#[derive(Subcommand)]
enum ImportFrom {
    /// A Hugo glossary folder (one Markdown file per term, YAML front matter). Writes the
    /// terms to DEST/content/ and a report to DEST/import-report.md; SRC is only read.
    Hugo {
        /// The folder of Hugo term files (e.g. content/en/docs/reference/glossary).
        src: PathBuf,
        /// A new or empty folder (becomes a site with config.yaml), or a glossgen site.
        dest: PathBuf,
        /// The language of a new site (default: guessed, `ja` or `en`). Translations into an
        /// existing site need multi-language support, not available yet.
        #[arg(long = "lang", value_name = "CODE")]
        lang: Option<String>,
        /// The source site's address (`https://kubernetes.io`): links into the rest of it
        /// become absolute links there instead of plain text.
        #[arg(long, value_name = "URL")]
        source_url: Option<String>,
    },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let colour = cli_ui::colour();
    for d in diags {
        eprintln!("{}", cli_ui::diagnostic_line(d, colour));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_minify,
            timings,
            force,
            cache_dir,
            no_cache,
        } => {
            let cache = match (no_cache, cache_dir) {
                (true, _) => CacheChoice::Off,
                (false, Some(dir)) => CacheChoice::At(dir),
                (false, None) => CacheChoice::FromConfig,
            };
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                minify: no_minify.then_some(false),
                mode: Mode::Write,
                force,
                check_external: None,
                cache,
            };
            run_build(&opts, timings, quiet)
        }
        Command::Check {
            root,
            drafts,
            timings,
            external,
            external_parallel,
            external_timeout,
            external_host_delay_ms,
        } => {
            let limits = glossgen::external::Limits {
                parallel: usize::from(external_parallel),
                timeout: std::time::Duration::from_secs(external_timeout),
                host_interval: std::time::Duration::from_millis(external_host_delay_ms),
            };
            let opts = BuildOptions {
                drafts,
                mode: Mode::Check,
                check_external: external.then_some(limits),
                cache: CacheChoice::Off,
                ..BuildOptions::new(root)
            };
            run_build(&opts, timings, quiet)
        }
        Command::Serve {
            root,
            port,
            interface,
            open,
            drafts,
            output,
            poll,
        } => {
            let opts = ServeOptions {
                root,
                port,
                interface,
                open,
                drafts,
                output,
                poll,
            };
            match serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    match &e {
                        ServeError::Site(diags) => print_diagnostics(diags),
                        other => eprintln!("error: {other}"),
                    }
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::Init { dir, lang, theme } => scaffold::init(&dir, &lang, theme),
        Command::New { title, slug, root } => scaffold::new_term(&root, &title, slug.as_deref()),
        Command::Import {
            from:
                ImportFrom::Hugo {
                    src,
                    dest,
                    lang,
                    source_url,
                },
        } => run_import(&glossgen::import::HugoImport {
            src,
            dest,
            lang,
            source_url,
        }),
    }
}

fn run_import(opts: &glossgen::import::HugoImport) -> ExitCode {
    match glossgen::import::import_hugo(opts) {
        Ok(report) => {
            eprintln!(
                "imported {} terms ({} references converted, {} unresolvable, {} files skipped) to {}; see {}",
                report.terms,
                report.converted,
                report.unresolved.len(),
                report.skipped.len(),
                opts.dest.display(),
                opts.dest.join(&report.file).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run_build(opts: &BuildOptions, timings: bool, quiet: bool) -> ExitCode {
    let progress = cli_ui::Progress::start(quiet);
    let result = build(opts);
    drop(progress);
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if quiet {
                return ExitCode::SUCCESS;
            }
            if timings {
                for (stage, d) in &report.timings {
                    eprintln!("timing: {stage} {:.1}", d.as_secs_f64() * 1000.0);
                }
            }
            let what = if opts.mode == Mode::Check {
                "checked"
            } else {
                "built"
            };
            eprintln!(
                "{what} {} terms, {} tags, {} categories: {} pages{} in {} ms{}",
                report.terms,
                report.tags,
                report.categories,
                report.pages,
                if opts.mode == Mode::Write {
                    format!(" ({} files) to {}", report.files, report.output.display())
                } else {
                    String::new()
                },
                report.elapsed.as_millis(),
                match report.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                }
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            eprintln!(
                "error: {} error(s); {}",
                failure.error_count(),
                if opts.mode == Mode::Write {
                    "nothing was written, the previous output is untouched"
                } else {
                    "check failed"
                }
            );
            ExitCode::from(1)
        }
    }
}
