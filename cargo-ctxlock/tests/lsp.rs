//! The editor story, proven with the real rust-analyzer over LSP: started with
//! `check.overrideCommand` set to `cargo ctxlock --message-format=json`, given `lsp-fixture/src/lib.rs`
//! to open and save, it must publish the transitive error at the call in the handler, with its chain,
//! and nothing on the clean fn.
//!
//! Needs rust-analyzer (`RUST_ANALYZER`, or on `PATH`), so it is ignored by default;
//! `scripts/editor-check` installs rust-analyzer 0.0.336 and runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const DEADLINE: Duration = Duration::from_secs(20 * 60);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp-fixture")
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn send(stdin: &mut ChildStdin, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// LSP messages from the server, one per `Content-Length` frame.
fn reader(stdout: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.unwrap_or(0)];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            if let Ok(message) = serde_json::from_slice(&body) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

#[test]
#[ignore = "needs rust-analyzer: run scripts/editor-check"]
fn rust_analyzer_shows_the_transitive_error_at_the_call() {
    let rust_analyzer = std::env::var("RUST_ANALYZER").unwrap_or_else(|_| "rust-analyzer".into());
    let root = fixture();
    let lib = root.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64;
    let (call_line, clean_from) = (line_of("    note(code);"), line_of("pub fn clean"));

    let check = json!([
        env!("CARGO_BIN_EXE_cargo-ctxlock"),
        "ctxlock",
        "--message-format=json",
        "--manifest-path",
        root.join("Cargo.toml"),
        "--target-dir",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-fixture"),
    ]);
    let mut server = Command::new(&rust_analyzer)
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {rust_analyzer}: {e}"));
    let mut stdin = server.stdin.take().unwrap();
    let messages = reader(server.stdout.take().unwrap());

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": std::process::id(),
            "rootUri": uri(&root),
            "capabilities": {
                "textDocument": {"publishDiagnostics": {"relatedInformation": true}},
                "window": {"workDoneProgress": true},
            },
            "initializationOptions": {
                "check": {"overrideCommand": check},
                "checkOnSave": true,
                "cachePriming": {"enable": false},
            },
        }}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri(&lib), "languageId": "rust", "version": 1, "text": text},
        }}),
    );

    let started = Instant::now();
    let mut last_save = None::<Instant>;
    let mut found: Option<Vec<Value>> = None;
    while started.elapsed() < DEADLINE && found.is_none() {
        // Save again now and then: a save before the workspace is loaded starts no check.
        if last_save.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
            send(
                &mut stdin,
                &json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": uri(&lib)}}}),
            );
            last_save = Some(Instant::now());
        }
        let message = match messages.recv_timeout(Duration::from_secs(5)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => panic!("rust-analyzer exited"),
        };
        // Requests from the server (progress tokens, registrations) get an empty answer.
        if message.get("id").is_some() && message.get("method").is_some() {
            send(
                &mut stdin,
                &json!({"jsonrpc": "2.0", "id": message["id"], "result": null}),
            );
            continue;
        }
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri(&lib)
        {
            let diagnostics = message["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if diagnostics
                .iter()
                .any(|d| d["message"].as_str().unwrap_or("").contains("may block"))
            {
                found = Some(diagnostics);
            }
        }
    }
    let diagnostics = found.unwrap_or_else(|| panic!("no ctxlock diagnostic within {DEADLINE:?}"));
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    let _ = server.wait();

    println!(
        "rust-analyzer published for src/lib.rs:\n{}",
        serde_json::to_string_pretty(&diagnostics).unwrap()
    );
    let ours: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or("").contains("may block"))
        .collect();
    assert_eq!(ours.len(), 1, "one transitive error");
    let error = ours[0];
    assert_eq!(
        error["range"]["start"]["line"], call_line,
        "at the call of `note` in `on_fault`"
    );
    assert_eq!(error["severity"], 1, "an error");
    let chain = serde_json::to_string(&error["relatedInformation"]).unwrap()
        + error["message"].as_str().unwrap();
    assert!(
        chain.contains("calls `ctxlock_lsp_fixture::note`")
            && chain.contains("std::sync::poison::mutex::Mutex::lock"),
        "the chain, in the message or the related information: {error:#}"
    );
    assert!(
        diagnostics
            .iter()
            .all(|d| d["range"]["start"]["line"].as_u64().unwrap_or(0) < clean_from),
        "nothing on the clean fn"
    );
}
