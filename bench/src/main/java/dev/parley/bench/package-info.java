/**
 * The benchmark's load generator: a raw NIO WebSocket client ({@link dev.parley.bench.WsConn} on
 * {@link dev.parley.bench.IoLoop}s), open-loop senders, HdrHistogram latency, per-room seq checks, server probes
 * (/proc, jcmd, the Node baseline's /stats) and the reports (side-by-side table, SVG chart, JFR top frames).
 */
package dev.parley.bench;
