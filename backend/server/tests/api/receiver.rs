//! A real webhook receiver on 127.0.0.1: it records every request (headers and raw body) and
//! answers each with the next step of its script — a status, or silence longer than the
//! sender's timeout.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One answer of the script.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    Status(u16),
    /// No answer for this long.
    Silence(Duration),
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub at: Instant,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Shared {
    script: VecDeque<Step>,
    received: Vec<Received>,
}

/// The receiver; after its script it answers 200.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl Receiver {
    pub async fn start(script: &[Step]) -> Receiver {
        Self::start_on(std::net::TcpListener::bind("127.0.0.1:0").expect("bind"), script)
    }

    /// Starts on a listener already bound (to come back on the same port).
    pub fn start_on(listener: std::net::TcpListener, script: &[Step]) -> Receiver {
        let url = format!("http://{}/hooks", listener.local_addr().expect("address"));
        let shared = Arc::new(Mutex::new(Shared { script: script.iter().copied().collect(), received: Vec::new() }));
        let data = web::Data::new(shared.clone());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).default_service(web::to(answer)))
            .workers(1)
            .listen(listener)
            .expect("listen")
            .run();
        actix_web::rt::spawn(server);
        Receiver { url, shared }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().expect("lock").received.clone()
    }

    /// Waits until `count` requests arrived, at most `limit`.
    pub async fn wait_for(&self, count: usize, limit: Duration) -> Vec<Received> {
        let deadline = Instant::now() + limit;
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                return received;
            }
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn answer(request: HttpRequest, body: web::Bytes, shared: web::Data<Arc<Mutex<Shared>>>) -> HttpResponse {
    let step = {
        let mut shared = shared.lock().expect("lock");
        shared.received.push(Received {
            at: Instant::now(),
            headers: request
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or("").to_owned()))
                .collect(),
            body: body.to_vec(),
        });
        shared.script.pop_front().unwrap_or(Step::Status(200))
    };
    match step {
        Step::Status(status) => respond(status),
        Step::Silence(duration) => {
            actix_web::rt::time::sleep(duration).await;
            respond(200)
        }
    }
}

fn respond(status: u16) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(status).expect("a status");
    HttpResponse::build(status).body(format!("answered {}", status.as_u16()))
}
