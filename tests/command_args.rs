//! PL306 on the file arguments of commands (issue 11, miss 3): each runner's file
//! argument is checked against a small repository made for the test, from the
//! directory the command runs in, with the leniency that keeps precision (a path
//! written from a sub-directory of a monorepo, a workspace member's test target, a
//! Go package below the root, a jest filter that some path contains). Positions are
//! 1-based line and column (characters), counted from the plan text.

use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use std::path::Path;
use std::sync::Arc;

fn linter(code: &str) -> Linter {
    let selection = Selection {
        select: Some(vec![code.to_string()]),
        ignore: vec![],
    };
    Linter::new(Config::defaults(".".into()), &selection).expect("known rule")
}

/// A repository holding `files` (empty), in a temporary directory.
fn repo(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in files {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, "").expect("write");
    }
    dir
}

/// (line, column, spanned text, message) of each finding of `code`.
fn lint(code: &str, root: &Path, plan: &str) -> Vec<(usize, usize, String, String)> {
    let fs = FsView::new(root);
    let doc = plan_lint::document::parse::parse(Path::new("EXPORT/plan_a.md"), Arc::from(plan));
    linter(code)
        .lint_document(&doc, &fs, None)
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (
                lc.line,
                lc.column,
                doc.text(d.span).to_string(),
                d.message.clone(),
            )
        })
        .collect()
}

const HEAD: &str = "# Plan: A (a)\n\n## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `backend/tests/test_new.py` | x | new |\n\n## Testing Plan\n\n";
/// Lines of `HEAD`: the first line after it is line 11.
const FIRST: usize = 11;

#[test]
fn missing_arguments_of_each_runner_are_reported_at_the_argument() {
    let root = repo(&[
        "go.mod",
        "internal/store/store.go",
        "Cargo.toml",
        "crates/cli/tests/smoke.rs",
        "backend/tests/test_api.py",
        "web/src/limits.test.ts",
        "spec/models/user_spec.rb",
        "scripts/check.sh",
    ]);
    let plan = format!(
        "{HEAD}\
- `go test ./internal/store/... ./internal/gone/...`\n\
- `cargo test -p cli --test smoke` and `cargo test --test gone`\n\
- `cd backend && uv run pytest tests/test_api.py tests/test_new.py tests/test_gone.py::test_a -k limits`\n\
- `npx jest src/limits.test.ts` and `npx jest src/gone.test.ts`\n\
- `bundle exec rspec spec/models/user_spec.rb:12 spec/models/gone_spec.rb`\n\
\n\
```bash\n\
$ ./scripts/check.sh && bash scripts/gone.sh\n\
$ node --test test/gone.test.js\n\
```\n"
    );
    let got = lint("PL306", root.path(), &plan);
    let want = vec![
        (
            FIRST,
            33,
            "./internal/gone/...".to_string(),
            "`./internal/gone/...` (a package of `go test`): the directory `internal/gone` does not exist in the repository and is not a `new` impact row".to_string(),
        ),
        (
            FIRST + 1,
            59,
            "gone".to_string(),
            "`gone` (the test target of `cargo test --test gone`): neither `tests/gone.rs` nor `tests/gone/main.rs` exists in the repository and neither is a `new` impact row".to_string(),
        ),
        (
            FIRST + 2,
            68,
            "tests/test_gone.py".to_string(),
            "`tests/test_gone.py` (an argument of `pytest`, run from `backend/`) does not exist in the repository and is not a `new` impact row".to_string(),
        ),
        (
            FIRST + 3,
            47,
            "src/gone.test.ts".to_string(),
            "`src/gone.test.ts` (a test path of `jest`) matches no file in the repository and is not a `new` impact row".to_string(),
        ),
        (
            FIRST + 4,
            50,
            "spec/models/gone_spec.rb".to_string(),
            "`spec/models/gone_spec.rb` (an argument of `rspec`) does not exist in the repository and is not a `new` impact row".to_string(),
        ),
        (
            FIRST + 7,
            30,
            "scripts/gone.sh".to_string(),
            "`scripts/gone.sh` (an argument of `bash`) does not exist in the repository and is not a `new` impact row".to_string(),
        ),
        (
            FIRST + 8,
            15,
            "test/gone.test.js".to_string(),
            "`test/gone.test.js` (an argument of `node --test`) does not exist in the repository and is not a `new` impact row".to_string(),
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn what_is_not_surely_a_missing_file_is_not_reported() {
    let root = repo(&[
        "go.mod",
        "services/api/internal/store/store.go",
        "Cargo.toml",
        "backend/tests/test_api.py",
        "web/src/limits.test.ts",
        ".gitignore",
    ]);
    std::fs::write(root.path().join(".gitignore"), "local/\n").expect("write");
    let plan = format!(
        "{HEAD}\
- `pytest tests/test_api.py` (run in `backend/`; the file exists there)\n\
- `cd services/api && go test ./internal/store/...`\n\
- `cd /home/dev/other && pytest tests/test_x.py`, `cd $WORKDIR && bash run.sh`\n\
- `cd elsewhere && pytest tests/test_x.py` (a directory the repository lacks)\n\
- `pytest -k tests/not_a_path.py --junitxml reports/out.xml backend/tests/`\n\
- `python path/to/script.py`, `bash scripts/<name>.sh`, `python file.py`\n\
- `pytest local/test_mine.py`, `python dist/gen.py`\n\
- `npx jest limits` and `vitest run src/limits`\n\
- `cargo test --test '*'`\n\
- `go test github.com/acme/api/...` and `go test ./...`\n\
- `./gradlew test` and `./target/release/app --check`\n\
- Create `tools/seed.py`, then run `python tools/seed.py`.\n\
- Run `python tools/report.py` [0o0o NEEDS CONFIRMATION] Which report script is meant?\n\
\n\
```sh\n\
curl -fsSL -o install.sh https://example.com/install.sh && bash install.sh\n\
cat > scripts/tmp_check.sh <<'EOF'\n\
bash scripts/inner_gone.sh\n\
EOF\n\
bash scripts/tmp_check.sh\n\
```\n\
\n\
```console\n\
$ pytest backend/tests/test_api.py\n\
python scripts/printed_by_the_tool.py ... ok\n\
```\n\
\n\
```python\n\
subprocess.run([\"bash\", \"scripts/from_python.sh\"])\n\
```\n"
    );
    let got = lint("PL306", root.path(), &plan);
    assert_eq!(got, vec![], "{got:#?}");
}

#[test]
fn a_path_named_alone_is_reported_once() {
    let root = repo(&["Cargo.toml", "tests/cli.rs"]);
    // The plain path check reports `tests/test_gone.py`; the command does not add a
    // second finding for it.
    let plan = format!(
        "{HEAD}- `tests/test_gone.py` holds the limit tests.\n- Run `pytest tests/test_gone.py`.\n"
    );
    let got = lint("PL306", root.path(), &plan);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!((got[0].0, got[0].1), (FIRST, 4));
    // A sentence that adds the file exempts the path and the command alike.
    let plan = format!("{HEAD}- Add `tests/test_gone.py`.\n- Run `pytest tests/test_gone.py`.\n");
    assert_eq!(lint("PL306", root.path(), &plan), vec![]);
}

#[test]
fn a_package_directory_the_plan_creates_is_planned() {
    let root = repo(&["go.mod", "cmd/app/main.go"]);
    let plan = format!(
        "{HEAD}- Create `internal/fresh/fresh_test.go`.\n- Run `go test ./internal/fresh/...` and `go test ./internal/stale/...`.\n"
    );
    let got = lint("PL306", root.path(), &plan);
    let at: Vec<(usize, usize, String)> = got.into_iter().map(|(l, c, t, _)| (l, c, t)).collect();
    assert_eq!(
        at,
        vec![(FIRST + 1, 51, "./internal/stale/...".to_string())]
    );
}

#[test]
fn a_workspace_target_or_a_declared_test_target_is_found() {
    let root = repo(&["Cargo.toml", "crates/core/tests/api/main.rs"]);
    let plan = format!("{HEAD}- `cargo test -p core --test api`\n");
    assert_eq!(lint("PL306", root.path(), &plan), vec![]);
    // A manifest with `[[test]]` targets: the name says nothing about the file.
    std::fs::write(
        root.path().join("Cargo.toml"),
        "[[test]]\nname = \"it\"\npath = \"tests/integration/all.rs\"\n",
    )
    .expect("write");
    let plan = format!("{HEAD}- `cargo test --test it`\n");
    assert_eq!(lint("PL306", root.path(), &plan), vec![]);
}

#[test]
fn pl402_a_missing_command_argument_names_no_test_file() {
    let root = repo(&["Cargo.toml", "tests/cli.rs"]);
    let plan = format!("{HEAD}- Run `pytest tests/test_gone.py -q`.\n");
    let got = lint("PL402", root.path(), &plan);
    assert_eq!(
        got,
        vec![(
            9,
            4,
            "Testing Plan".to_string(),
            "the Testing Plan names no test file".to_string()
        )]
    );
    // An existing one, or one the impact table creates, names a test file.
    for ok in [
        "- Run `pytest tests/cli.rs -q`.\n",
        "- Run `cd backend && pytest tests/test_new.py`.\n",
    ] {
        let plan = format!("{HEAD}{ok}");
        assert_eq!(lint("PL402", root.path(), &plan), vec![], "{ok}");
    }
}
