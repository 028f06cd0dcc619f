// Orleans.Stock live dashboard: one EventSource, one snapshot per second, no polling.
// Everything from the server goes into the page through textContent, never as HTML.
(function () {
  "use strict";

  const history = 120; // seconds kept in the charts
  const byId = (id) => document.getElementById(id);

  const fmt = {
    n: (v, d = 0) => v == null ? "–" : Number(v).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }),
    pct: (v) => v == null ? "–" : (100 * v).toFixed(1) + " %",
    ms: (v) => v == null ? "–" : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString("en-US"),
    bytes: (v) => v == null ? "–" : v >= 1 << 30 ? (v / (1 << 30)).toFixed(2) + " GiB" : (v / (1 << 20)).toFixed(1) + " MiB",
  };

  function set(id, text) {
    const el = byId(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  function row(cells) {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = document.createElement("td");
      td.textContent = c;
      tr.appendChild(td);
    }
    return tr;
  }

  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  // Charts: one line per engine/strategy; rebuilt when a new one appears.
  const times = [];
  const lines = new Map(); // "engine/strategy" -> { rate: [], p99: [] }
  let charts = null;
  const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

  function buildCharts() {
    if (typeof uPlot !== "function") return null;
    const names = [...lines.keys()];
    const make = (el, field, unit) => {
      el.replaceChildren();
      const opts = {
        width: Math.max(300, el.clientWidth || 500),
        height: 180,
        legend: { live: false },
        scales: { x: { time: true } },
        axes: [{}, { size: 56, values: (u, vals) => vals.map((v) => v == null ? "" : fmt.n(v, v < 10 ? 1 : 0)) }],
        series: [{}, ...names.map((n, i) => ({ label: n, stroke: palette[i % palette.length], width: 1.5, spanGaps: true, value: (u, v) => v == null ? "–" : fmt.n(v, 1) + unit }))],
      };
      return new uPlot(opts, [times, ...names.map((n) => lines.get(n)[field])], el);
    };
    return { names: names.join("|"), rate: make(byId("chart-rate"), "rate", "/s"), p99: make(byId("chart-p99"), "p99", " ms") };
  }

  function updateCharts(snapshot) {
    times.push(Date.parse(snapshot.at) / 1000);
    const seen = new Set();
    for (const s of snapshot.series) {
      const name = s.engine + "/" + s.strategy;
      seen.add(name);
      if (!lines.has(name)) lines.set(name, { rate: times.slice(0, -1).map(() => null), p99: times.slice(0, -1).map(() => null) });
      const line = lines.get(name);
      line.rate.push(s.perSecond);
      line.p99.push(s.p99Ms);
    }
    for (const [name, line] of lines) {
      if (!seen.has(name)) { line.rate.push(null); line.p99.push(null); }
    }
    if (times.length > history) {
      times.shift();
      for (const line of lines.values()) { line.rate.shift(); line.p99.shift(); }
    }
    const names = [...lines.keys()].join("|");
    if (!charts || charts.names !== names) {
      if (charts) { charts.rate.destroy(); charts.p99.destroy(); }
      charts = buildCharts();
    } else {
      const names2 = [...lines.keys()];
      charts.rate.setData([times, ...names2.map((n) => lines.get(n).rate)]);
      charts.p99.setData([times, ...names2.map((n) => lines.get(n).p99)]);
    }
  }

  function renderAlerts(alerts) {
    const box = byId("alerts");
    fill(box, alerts.map((a) => {
      const div = document.createElement("div");
      div.className = "alert";
      div.dataset.alert = a.name;
      div.dataset.active = String(a.active);
      div.dataset.testid = "alert-" + a.name;
      const b = document.createElement("b");
      b.textContent = a.active ? "ALERT " + a.name : a.name;
      const isRate = a.name === "conflict-rate" || a.name === "error-rate";
      const show = (v) => isRate ? fmt.pct(v) : fmt.ms(v) + " ms";
      div.append(b, document.createTextNode(show(a.value) + " / limit " + show(a.threshold) + " · " + a.detail +
        (a.since ? " · since " + new Date(a.since).toLocaleTimeString() : "")));
      return div;
    }));
  }

  function renderSeries(series) {
    fill(document.querySelector("#series tbody"), series.map((s) => {
      const errors = Object.entries(s.errorsByCode).map(([code, total]) => code + " " + fmt.n(total)).join(", ") || "none";
      const tr = row([s.engine, s.strategy, fmt.n(s.perSecond, 1), fmt.ms(s.p50Ms), fmt.ms(s.p99Ms), fmt.n(s.total), errors]);
      tr.dataset.series = s.engine + "/" + s.strategy;
      tr.dataset.total = String(s.total);
      return tr;
    }));
  }

  function renderPanels(s) {
    const sql = s.sql;
    set("sql-conflict-rate", fmt.pct(sql.conflictRate) + " over " + fmt.n(sql.conflictWindowSeconds) + " s");
    byId("sql-conflict-rate").classList.toggle("hot", sql.conflictRate > sql.conflictThreshold);
    set("sql-threshold", fmt.pct(sql.conflictThreshold));
    set("sql-attempts", fmt.n(sql.optimisticAttemptsPerSecond, 1) + " · " + fmt.n(sql.pessimisticAttemptsPerSecond, 1));
    set("sql-conflicts", fmt.n(sql.conflictsPerSecond, 1));
    set("sql-retries", fmt.n(sql.retriesPerSecond, 1) + " (" + fmt.n(sql.retries) + ")");
    set("sql-fallbacks", fmt.n(sql.fallbacksPerSecond, 1) + " (" + fmt.n(sql.fallbacks) + ")");

    const g = s.grain;
    set("grain-writes", g ? fmt.n(g.writesPerSecond, 1) : "unavailable");
    set("grain-batch", g ? fmt.n(g.meanBatchSize, 1) : "–");
    set("grain-commands", g ? fmt.n(g.commandsPerSecond, 1) + " · " + fmt.n(g.eventsPerSecond, 1) : "–");
    set("grain-conflicts", g ? fmt.n(g.conflictsPerSecond, 1) : "–");
    set("grain-silos", g ? String(g.silos.length) : "–");

    const r = s.redis;
    set("redis-lag", r ? fmt.ms(r.syncLagMs) + " ms" : "engine off");
    set("redis-batch", r ? fmt.n(r.meanSyncBatchSize, 1) : "–");
    set("redis-rate", r ? fmt.n(r.syncsPerSecond, 1) + " · " + fmt.n(r.changesPerSecond, 1) : "–");
    set("redis-dead-letters", r ? fmt.n(r.deadLetters) : "–");

    const p = s.pool;
    set("pool-used", fmt.n(p.used) + " · " + fmt.n(p.idle));
    set("pool-max", fmt.n(p.max));
    set("pool-pending", fmt.n(p.pending));

    const pr = s.process;
    set("proc-memory", fmt.bytes(pr.workingSetBytes) + " · " + fmt.bytes(pr.gcHeapBytes));
    set("proc-alloc", fmt.bytes(pr.allocatedBytesPerSecond));
    set("proc-gc", pr.gen0Collections + " · " + pr.gen1Collections + " · " + pr.gen2Collections);
    set("proc-pause", pr.gcPausePercent.toFixed(2) + " %");
    set("proc-threads", pr.threadPoolThreads + " · " + pr.threadPoolQueue);
  }

  function renderTables(s) {
    fill(document.querySelector("#skus tbody"), s.busiestSkus.map((k) =>
      row([k.sku, k.engine, fmt.n(k.requestsPerSecond, 1), fmt.n(k.onHand), fmt.n(k.available), fmt.n(k.reserved), fmt.n(k.sold)])));
    const st = s.settings;
    const settings = [
      ["default engine", st.defaultEngine, "default-engine"],
      ["rollout", st.rolloutPercent == null ? "off" : st.rolloutPercent + " % → " + st.rolloutEngine, "rollout"],
      ["sql default strategy", st.defaultStrategy, "default-strategy"],
      ["A/B optimistic share", st.optimisticSharePercent == null ? "off" : st.optimisticSharePercent + " %", "ab-share"],
      ["max retries · base delay", st.maxRetries + " · " + fmt.ms(st.retryBaseDelayMs) + " ms", "retries"],
      ["fallback to pessimistic", st.fallbackToPessimistic ? "on" : "off", "fallback"],
      ["alerts: conflict · p99 · errors · sync lag", fmt.pct(st.conflictWarningThreshold) + " · " + fmt.ms(st.p99AlertMs) + " ms · " +
        fmt.pct(st.errorRateAlert) + " · " + fmt.ms(st.syncLagAlertMs) + " ms", "alert-bounds"],
    ];
    fill(document.querySelector("#settings tbody"), settings.map(([label, value, id]) => {
      const tr = row([label, value]);
      tr.dataset.setting = id;
      return tr;
    }));
  }

  function renderEvents(s) {
    const ev = s.events;
    const when = (t) => t == null ? "–" : new Date(t).toLocaleTimeString();
    const age = (seconds) => seconds == null ? "–" : seconds < 120 ? fmt.n(seconds, 0) + " s" : fmt.n(seconds / 60, 0) + " min";
    fill(document.querySelector("#webhooks tbody"), ev ? ev.webhooks.map((w) => {
      const tr = row([w.id, w.url, fmt.n(w.pending), age(w.oldestPendingAgeSeconds), w.failingSince ? when(w.failingSince) + (w.lastError ? " (" + w.lastError + ")" : "") : "–", fmt.n(w.attempts), fmt.n(w.dropped)]);
      tr.dataset.failing = w.failingSince ? "true" : "false";
      return tr;
    }) : []);
    set("webhooks-note", !ev ? "unavailable" : ev.webhooks.length === 0 ? "no webhooks" : "");
    fill(document.querySelector("#threshold-events tbody"), ev ? ev.thresholdEvents.map((e) =>
      row([when(e.occurredAt), e.type, e.sku, fmt.n(e.version), fmt.n(e.available)])) : []);
  }

  function render(snapshot) {
    renderAlerts(snapshot.alerts);
    renderSeries(snapshot.series);
    renderPanels(snapshot);
    renderTables(snapshot);
    renderEvents(snapshot);
    updateCharts(snapshot);
    set("updated", "updated " + new Date(snapshot.at).toLocaleTimeString());
    document.body.dataset.snapshotAt = snapshot.at;
  }

  function connect() {
    const status = byId("status");
    const source = new EventSource("/dashboard/stream");
    source.addEventListener("snapshot", (e) => {
      status.dataset.state = "live";
      status.textContent = "live";
      render(JSON.parse(e.data));
    });
    // EventSource reconnects by itself; just say so.
    source.onerror = () => {
      status.dataset.state = "reconnecting";
      status.textContent = "reconnecting…";
    };
  }

  connect();
})();
