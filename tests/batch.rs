//! `pitchlint batch`: one line out per line in, in order, error lines for
//! bad records, exit code 1 when any record failed.

use std::io::Write;
use std::process::{Command, Stdio};

fn batch(input: &str, extra: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let out = batch_output(input, extra);
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    (
        out.status.code().unwrap(),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn batch_output(input: &str, extra: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .arg("batch")
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from another thread: the child writes while we write.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    out
}

fn record(id: usize) -> String {
    let text = if id.is_multiple_of(2) {
        "Создаём уют и комфорт, цена договорная."
    } else {
        "We build quartz countertops in Austin, TX. From $65 per sq ft. Send us a photo of your kitchen."
    };
    serde_json::json!({"id": id, "kind": "profile", "text": text}).to_string()
}

#[test]
fn order_is_kept_and_a_broken_record_becomes_an_error_line() {
    let mut input = String::new();
    for id in 0..5000 {
        if id == 2500 {
            input.push_str("{\"id\": 2500, \"kind\": \"profile\", \"text\": \n");
        } else if id == 3000 {
            input.push_str(
                &serde_json::json!({"id": 3000, "kind": "brochure", "text": "x"}).to_string(),
            );
            input.push('\n');
        } else {
            input.push_str(&record(id));
            input.push('\n');
        }
    }
    let (code, lines, stderr) = batch(&input, &["--threads", "2"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(lines.len(), 5000);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["line"], i + 1);
        if i == 2500 {
            assert!(line["error"].as_str().unwrap().contains("malformed record"));
            assert_eq!(line["id"], 2500, "id salvaged when possible");
        } else if i == 3000 {
            assert_eq!(line["id"], 3000);
            assert!(line["error"].as_str().unwrap().contains("unknown kind"));
        } else {
            assert_eq!(line["id"], i, "in input order");
            assert!(line["score"].is_u64());
        }
    }
    assert!(stderr.contains("5000 records, 2 errors"), "{stderr}");
    assert!(stderr.contains("2 records failed"), "{stderr}");
}

#[test]
fn scores_match_single_document_checks() {
    let (code, lines, _) = batch(&format!("{}\n{}\n", record(0), record(1)), &[]);
    assert_eq!(code, 0);
    assert!(lines[0]["score"].as_u64().unwrap() < lines[1]["score"].as_u64().unwrap());
    assert_eq!(lines[0]["lang"], "ru");
    assert_eq!(lines[1]["lang"], "en");
}

#[test]
fn oversized_and_empty_records() {
    let big = serde_json::json!({"id": "big", "text": "a".repeat(2 * 1024 * 1024)}).to_string();
    let input = format!("{big}\n\n{}\n", record(1));
    let (code, lines, _) = batch(&input, &[]);
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["error"].as_str().unwrap().contains("over the"));
    assert_eq!(lines[1]["error"], "empty line");
    assert!(lines[2]["score"].is_u64());
}

#[test]
fn replies_carry_their_task() {
    let rec = serde_json::json!({
        "id": "r1", "kind": "reply",
        "task": "Нужна столешница из кварца 3,2 м, Казань.",
        "text": "Здравствуйте! Столешницу из кварца 3,2 м сделаем за 10 дней, от 40 000 ₽. Пришлите фото кухни."
    });
    let (code, lines, _) = batch(&format!("{rec}\n"), &[]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["kind"], "reply");
    assert!(lines[0]["dimensions"]["relevance"]["score"].is_u64());
}

#[test]
fn a_worker_on_a_pipe_answers_each_record_before_input_ends() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .arg("batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    // Each answer arrives while stdin is still open.
    for id in 0..3 {
        writeln!(stdin, "{}", record(id)).unwrap();
        stdin.flush().unwrap();
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("an answer before the input ends");
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["id"], id);
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn scores_layout_is_the_full_result_in_brief() {
    let mut input: String = (0..6).map(|i| record(i) + "\n").collect();
    input.push_str("oops\n");
    let (code, full, _) = batch(&input, &[]);
    let (compact_code, compact, _) = batch(&input, &["--format", "scores"]);
    assert_eq!((code, compact_code), (1, 1));
    assert_eq!(full.len(), compact.len());
    for (f, c) in full.iter().zip(&compact) {
        for key in ["id", "line", "kind", "lang", "score", "grade", "error"] {
            assert_eq!(f[key], c[key], "{key}");
        }
        assert!(c.get("findings").is_none());
        if f.get("error").is_some() {
            continue;
        }
        let dims = f["dimensions"].as_object().unwrap();
        let brief = c["dimensions"].as_object().unwrap();
        assert_eq!(dims.len(), brief.len());
        for (name, d) in dims {
            assert_eq!(d["score"], brief[name], "{name}");
        }
        let rules = |v: &serde_json::Value| -> Vec<serde_json::Value> {
            v["top_fixes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].clone())
                .collect()
        };
        let (all, first) = (rules(f), rules(c));
        assert_eq!(first, all[..all.len().min(3)].to_vec());
    }
}

#[test]
fn csv_layout_is_one_row_per_record_with_a_column_per_dimension() {
    let mut input: String = (0..4).map(|i| record(i) + "\n").collect();
    input.push_str("oops\n");
    input.push_str(
        &serde_json::json!({"id": "a,\"b\"", "kind": "profile", "text": "Кладу плитку."})
            .to_string(),
    );
    input.push('\n');
    let (_, full, _) = batch(&input, &[]);
    let out = batch_output(&input, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in ["id", "score", "specificity", "price", "relevance", "error"] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), full.len());
    for (row, f) in rows.iter().zip(&full) {
        assert_eq!(row.len(), header.len());
        let id = match &f["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        assert_eq!(&row[column("id")], id);
        match f.get("error") {
            Some(error) => assert_eq!(&row[column("error")], error.as_str().unwrap()),
            None => {
                assert_eq!(&row[column("score")], f["score"].to_string());
                let price = &f["dimensions"]["price"]["score"];
                assert_eq!(&row[column("price")], price.to_string());
                assert_eq!(&row[column("relevance")], "", "not judged for profiles");
            }
        }
    }
}
