// Following a running operation (generation, validation, deployment). With the API's event
// streams it listens to Server-Sent Events (a single-use ticket from POST /auth/stream-ticket
// authorises the EventSource, which cannot send headers) and re-reads the status (a 304 when
// nothing changed) on each event; without them (a 404 for the ticket or
// a stream that fails before its first event) it polls the status endpoint with If-None-Match,
// quickly at first, then once or twice a second.

import { ApiError, conditional, post } from "./api.js";

const TERMINAL = new Set(["completed", "failed", "cancelled", "rolled_back"]);
const EVENTS = ["progress", "stack", "log", "completed", "failed", "awaiting_decision", "message"];
let streams = "unknown"; // "unknown" | "yes" | "no"

/** A run has settled: ended, or (a deployment) parked waiting for a decision. */
export const settled = (body) => TERMINAL.has(body.status);

const unwrapBody = (body) => (body && body.data && !body.status ? body.data : body);

/**
 * follow({statusPath, eventsPath, projectId, onUpdate, done}) -> {stop()}.
 * onUpdate(body) runs for every new status (unwrapped from {"data": ...}); following stops when
 * done(body) (default: settled) is true, or on stop().
 */
export function follow({ statusPath, eventsPath, projectId, onUpdate, onError, done = settled }) {
  let stopped = false;
  let source = null;
  let timer = null;
  const stop = () => {
    stopped = true;
    if (source) source.close();
    if (timer) clearTimeout(timer);
  };
  const deliver = (body) => {
    if (stopped) return true;
    const status = unwrapBody(body);
    onUpdate(status);
    if (done(status)) stop();
    return stopped;
  };
  const read = async () => deliver(await conditional(statusPath));

  const poll = (delay = 400) => {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        if (!(await read())) poll(Math.min(delay * 1.5, 1500));
      } catch (error) {
        if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
          stop();
          onError?.(error);
        } else poll(1500);
      }
    }, delay);
  };

  const listen = async (attempt = 0) => {
    let ticket;
    try {
      ticket = (await post("/auth/stream-ticket", projectId ? { projectId } : {})).data.ticket;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) streams = "no";
      poll();
      return;
    }
    if (stopped) return;
    streams = "yes";
    let heard = false;
    source = new EventSource(`${eventsPath}?ticket=${encodeURIComponent(ticket)}`);
    // An event says "something changed"; the status endpoint says what is true now (a new
    // stream replays the run's earlier events first). Reads are coalesced: one at a time.
    let reading = false;
    let again = false;
    const reread = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          if (await read()) return;
          if (again) await new Promise((resolve) => setTimeout(resolve, 250));
        } while (again && !stopped);
      } catch {
        // the next event, or the stream's error handler, reads again
      } finally {
        reading = false;
      }
    };
    const onEvent = () => {
      heard = true;
      reread();
    };
    for (const name of EVENTS) source.addEventListener(name, onEvent);
    source.onerror = () => {
      source.close(); // a ticket is single use: reconnecting needs a new one
      if (stopped) return;
      read()
        .then((over) => {
          if (over) return;
          if (heard && attempt < 5) listen(attempt + 1);
          else poll();
        })
        .catch(() => poll(1000));
    };
  };

  read()
    .then((over) => {
      if (over) return;
      if (eventsPath && streams !== "no") listen();
      else poll();
    })
    .catch((error) => {
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) onError?.(error);
      else poll(1000);
    });
  return { stop };
}
