//! The server over real loopback sockets: timeouts close silent, idle and
//! non-reading clients, the connection cap holds, and SIGTERM lets an
//! in-flight request finish.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::Duration;

use pitchlint::Engine;
use pitchlint::serve::{Limits, router_with, serve};

/// Longest any read waits, so a failing test fails instead of hanging.
const GUARD: Duration = Duration::from_secs(20);

struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn start(limits: Limits) -> Server {
    static SET: OnceLock<Arc<Engine>> = OnceLock::new();
    let set = SET
        .get_or_init(|| Arc::new(Engine::builtin().unwrap()))
        .clone();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            let app = router_with(set, &limits);
            serve(listener, app, &limits, async {
                let _ = stopped.await;
            })
            .await;
        });
    });
    Server {
        addr: addr_rx.recv().unwrap(),
        stop: Some(stop),
        thread: Some(thread),
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(GUARD)).unwrap();
    stream
}

/// Whether the server closed the connection (rather than the guard
/// running out).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

const HEALTH: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

/// Reads one `/healthz` answer (its body is the last two bytes).
fn read_health(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\nok") {
        match stream.read(&mut byte) {
            Ok(1) => answer.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn silent_and_idle_connections_are_closed() {
    let server = start(Limits {
        header_read_timeout: Duration::from_millis(200),
        ..Limits::default()
    });
    let mut silent = connect(server.addr);
    assert!(closed_by_server(&mut silent), "a silent socket stays open");
    let mut slow = connect(server.addr);
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHo").unwrap();
    assert!(closed_by_server(&mut slow), "a half-sent head stays open");
    let mut idle = connect(server.addr);
    idle.write_all(HEALTH).unwrap();
    assert!(read_health(&mut idle).starts_with("HTTP/1.1 200"));
    assert!(closed_by_server(&mut idle), "an idle keep-alive stays open");
}

#[test]
fn connections_over_the_cap_wait_for_a_free_slot() {
    let server = start(Limits {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(60),
        ..Limits::default()
    });
    let first = connect(server.addr);
    let _second = connect(server.addr);
    let mut third = connect(server.addr);
    third.write_all(HEALTH).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut byte = [0u8; 1];
    let early = third.read(&mut byte);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "the third connection was served beside two: {early:?}"
    );
    drop(first);
    third.set_read_timeout(Some(GUARD)).unwrap();
    let answer = read_health(&mut third);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_client_that_stops_reading_is_dropped() {
    let server = start(Limits {
        write_timeout: Duration::from_millis(300),
        ..Limits::default()
    });
    // 2 000 pipelined requests for the 13 KB OpenAPI document: 26 MB of
    // answers, far beyond what loopback buffers hold unread.
    const REQUESTS: usize = 2000;
    let mut stream = connect(server.addr);
    let mut writer = stream.try_clone().unwrap();
    let sender = thread::spawn(move || {
        let request = b"GET /api/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(REQUESTS);
        let _ = writer.write_all(&request);
    });
    thread::sleep(Duration::from_secs(3));
    let mut answers = Vec::new();
    let _ = stream.read_to_end(&mut answers);
    let _ = sender.join();
    let served = answers
        .windows(15)
        .filter(|w| *w == b"HTTP/1.1 200 OK")
        .count();
    assert!(
        served < REQUESTS,
        "all {served} answers written to a non-reader"
    );
    let mut health = connect(server.addr);
    health.write_all(HEALTH).unwrap();
    assert!(read_health(&mut health).starts_with("HTTP/1.1 200"));
}

#[test]
fn a_client_that_reads_too_slowly_is_dropped() {
    // The client must take 64 MB within each 3 s it keeps a write waiting:
    // a reader taking 64 KB every 20 ms cannot, though it never stops. (The
    // window is longer than the time a sender waits for half its socket
    // buffer to drain at that pace.)
    let server = start(Limits {
        write_timeout: Duration::from_secs(3),
        write_min_bytes: 64 << 20,
        ..Limits::default()
    });
    const REQUESTS: usize = 2000;
    let mut stream = connect(server.addr);
    let mut writer = stream.try_clone().unwrap();
    let sender = thread::spawn(move || {
        let request = b"GET /api/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(REQUESTS);
        let _ = writer.write_all(&request);
    });
    let mut answers = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => answers.extend_from_slice(&chunk[..n]),
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = sender.join();
    let served = answers
        .windows(15)
        .filter(|w| *w == b"HTTP/1.1 200 OK")
        .count();
    assert!(
        served < REQUESTS,
        "all {served} answers written to a slow reader"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr: SocketAddr = line
        .trim()
        .rsplit("http://")
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|e| panic!("{line}: {e}"));
    let body = br#"{"kind": "profile", "text": "Kachestvenno i v srok. Zvonite!"}"#;
    let mut stream = connect(addr);
    write!(
        stream,
        "POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    // The interim answer comes once the handler reads the body: the
    // request is in flight.
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert!(interim.starts_with(b"HTTP/1.1 100 Continue"));
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: sends a signal to the child started above.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    thread::sleep(Duration::from_millis(300));
    stream.write_all(body).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}
