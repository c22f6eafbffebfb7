//! A socket that drops clients which read too slowly. Once a write has to
//! wait, the client must take `min_bytes` within `window`, or the
//! connection fails with `TimedOut`. A plain no-progress timeout would let
//! a client reading one byte at a time keep an answer in memory for hours.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

pub struct Paced<S> {
    inner: S,
    window: Duration,
    min_bytes: usize,
    /// Bytes taken since writes first had to wait; `None` while the client
    /// keeps up.
    stalled: Option<usize>,
    deadline: Pin<Box<Sleep>>,
}

impl<S> Paced<S> {
    pub fn new(inner: S, window: Duration, min_bytes: usize) -> Paced<S> {
        Paced {
            inner,
            window,
            min_bytes,
            stalled: None,
            deadline: Box::pin(tokio::time::sleep(window)),
        }
    }

    fn wrote(&mut self, n: usize) {
        if let Some(taken) = &mut self.stalled {
            *taken += n;
            if *taken >= self.min_bytes {
                self.stalled = None;
            }
        }
    }

    /// A write is waiting: starts the window if none runs, and fails once
    /// it has passed.
    /// Counts what a write took, or starts the clock when it has to wait.
    fn paced(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match written {
            Poll::Ready(Ok(n)) => {
                self.wrote(n);
                Poll::Ready(Ok(n))
            }
            Poll::Pending => match self.waiting(cx) {
                Ok(()) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            },
            other => other,
        }
    }

    fn waiting(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if self.stalled.is_none() {
            self.stalled = Some(0);
            let at = Instant::now() + self.window;
            self.deadline.as_mut().reset(at);
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client reads too slowly",
            )),
            Poll::Pending => Ok(()),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Paced<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.inner).poll_read(cx, buf);
        // A new request: whatever was owed before has been taken or is
        // queued behind it, so the next wait starts a fresh window.
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.stalled = None;
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Paced<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.paced(cx, written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.paced(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => match self.waiting(cx) {
                Ok(()) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            },
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
