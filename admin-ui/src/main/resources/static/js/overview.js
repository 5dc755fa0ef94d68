// Sluice overview: re-draws the chart and the totals from /console/api/stats every 10 seconds.
// The page is rendered server-side first; this script only keeps it current. All log-derived text
// goes through textContent; no HTML is ever parsed from strings. The layout mirrors StatsChart.java and overview.html.
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  var W = 960, H = 220, LEFT = 48, TOP = 8, BOTTOM = H - 22, RIGHT = W - 8;
  var MAX_SERVICES = 15;
  var REFRESH_MS = 10000;

  var root = document.getElementById('overview');
  if (!root) { return; }
  var statsUrl = root.getAttribute('data-stats-url');

  function el(name, attrs, text) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function svg(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function levelClass(level) {
    return LEVELS.indexOf(level) >= 0 ? 'lvl-' + level.toLowerCase() : 'lvl-other';
  }

  function levelOrder(present) {
    var known = LEVELS.filter(function (l) { return present.indexOf(l) >= 0; });
    var other = present.filter(function (l) { return LEVELS.indexOf(l) < 0; }).sort();
    return known.concat(other);
  }

  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  function hhmm(ms) { return new Date(ms).toISOString().substring(11, 16); }

  function round(v) { return Math.round(v * 100) / 100; }

  function sum(map) {
    return Object.keys(map || {}).reduce(function (s, k) { return s + map[k]; }, 0);
  }

  function tickStep(max) {
    for (var mag = 1; ; mag *= 10) {
      var steps = [1, 2, 5];
      for (var i = 0; i < steps.length; i++) {
        if (Math.ceil(max / (steps[i] * mag)) <= 5) { return steps[i] * mag; }
      }
    }
  }

  function scaleTop(max) {
    var t = tickStep(max);
    return Math.max(t, Math.ceil(max / t) * t);
  }

  function selector(label, value) {
    var escaped = value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
    return '{' + label + '="' + escaped + '"}';
  }

  function searchLink(query) {
    return '/search?' + new URLSearchParams({ query: query, from: 'now-1h', to: 'now' }).toString();
  }

  function chart(stats) {
    var step = stats.stepMillis > 0 ? stats.stepMillis : 60000;
    var n = Math.min(1440, Math.max(1, Math.ceil((stats.to - stats.from) / step)));
    var byIndex = {}, present = [], max = 0;
    (stats.buckets || []).forEach(function (b) {
      var offset = b.start - stats.from;
      if (offset < 0 || Math.floor(offset / step) >= n) { return; }
      byIndex[Math.floor(offset / step)] = b;
      Object.keys(b.levels || {}).forEach(function (l) { if (present.indexOf(l) < 0) { present.push(l); } });
      max = Math.max(max, b.total, sum(b.levels));
    });
    var order = levelOrder(present), top = scaleTop(max);
    var slot = (RIGHT - LEFT) / n, barWidth = Math.max(1, slot * 0.8);

    var s = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'aria-label': 'Stacked bar chart of events per minute by level over the last hour' });
    var grid = svg('g', { 'class': 'grid' });
    for (var v = 0, t = tickStep(top); v <= top; v += t) {
      var y = round(BOTTOM - v / top * (BOTTOM - TOP));
      var g = svg('g');
      g.appendChild(svg('line', { x1: LEFT, x2: RIGHT, y1: y, y2: y }));
      g.appendChild(svg('text', { 'class': 'y-label', 'text-anchor': 'end', x: LEFT - 6, y: y + 4 }, String(v)));
      grid.appendChild(g);
    }
    s.appendChild(grid);

    var bars = svg('g', { 'class': 'bars' });
    for (var i = 0; i < n; i++) {
      var b = byIndex[i], levels = b ? b.levels || {} : {};
      var total = b ? Math.max(b.total, sum(levels)) : 0;
      var x = round(LEFT + i * slot + (slot - barWidth) / 2), w = round(barWidth);
      var bar = svg('g', { 'class': 'bar' });
      var parts = [];
      var title = svg('title');
      bar.appendChild(title);
      bar.appendChild(svg('rect', { 'class': 'hit', x: x, y: TOP, width: w, height: BOTTOM - TOP }));
      var yTop = BOTTOM;
      order.forEach(function (level) {
        var count = levels[level] || 0;
        if (count <= 0) { return; }
        var h = count / top * (BOTTOM - TOP);
        yTop -= h;
        bar.appendChild(svg('rect', { 'class': 'seg ' + levelClass(level), x: x, y: round(yTop), width: w, height: round(h) }));
        parts.push(level + ' ' + count);
      });
      title.textContent = hhmm(stats.from + i * step) + ' UTC: ' + total + (total === 1 ? ' event' : ' events')
        + (parts.length ? ' (' + parts.join(', ') + ')' : '');
      bars.appendChild(bar);
    }
    s.appendChild(bars);

    var axis = svg('g', { 'class': 'x-axis' });
    for (var k = 0, every = Math.max(1, Math.floor(n / 6)); k < n; k += every) {
      axis.appendChild(svg('text', { 'text-anchor': 'middle', x: round(LEFT + k * slot + slot / 2), y: H - 6 },
        hhmm(stats.from + k * step)));
    }
    s.appendChild(axis);

    var figure = el('figure', { 'class': 'chart-box' });
    figure.appendChild(s);
    var legend = el('figcaption', { 'class': 'legend' });
    if (max === 0) { legend.appendChild(el('span', { 'class': 'muted' }, 'No events in the last hour.')); }
    order.forEach(function (level) {
      var item = el('span', { 'class': 'legend-item' });
      item.appendChild(el('span', { 'class': 'swatch ' + levelClass(level) }));
      item.appendChild(el('span', {}, level));
      legend.appendChild(item);
    });
    figure.appendChild(legend);
    return figure;
  }

  function countsTable(title, rows, extra) {
    var card = el('section', { 'class': 'card' });
    card.appendChild(el('h2', {}, title));
    var table = el('table', { 'class': 'counts' });
    var head = el('tr');
    head.appendChild(el('th', {}, title === 'By level' ? 'Level' : 'Service'));
    head.appendChild(el('th', { 'class': 'num' }, 'Events'));
    head.appendChild(el('th', { 'class': 'num' }, 'Share'));
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    rows.forEach(function (r) { body.appendChild(r); });
    if (extra) { body.appendChild(extra); }
    if (!rows.length) {
      var none = el('tr');
      none.appendChild(el('td', { colspan: '3', 'class': 'muted' }, 'none'));
      body.appendChild(none);
    }
    table.appendChild(body);
    card.appendChild(table);
    return card;
  }

  function row(nameCell, count, events) {
    var tr = el('tr');
    tr.appendChild(nameCell);
    tr.appendChild(el('td', { 'class': 'num' }, fmt(count)));
    tr.appendChild(el('td', { 'class': 'num' }, (events ? (100 * count / events).toFixed(1) : '0') + ' %'));
    return tr;
  }

  function live(stats) {
    var totals = stats.totals || { events: 0, levels: {}, services: {} };
    var levels = totals.levels || {}, services = totals.services || {};
    var events = Math.max(totals.events || 0, sum(levels));
    var names = Object.keys(services).sort(function (a, b) { return services[b] - services[a] || (a < b ? -1 : a > b ? 1 : 0); });

    var div = el('div', { id: 'live' });
    var kpis = el('div', { 'class': 'kpis' });
    [[fmt(events), 'events'], [fmt(names.length), 'services']].forEach(function (k) {
      var kpi = el('div', { 'class': 'kpi' });
      kpi.appendChild(el('span', { 'class': 'kpi-value' }, k[0]));
      kpi.appendChild(el('span', { 'class': 'kpi-label' }, k[1]));
      kpis.appendChild(kpi);
    });
    div.appendChild(kpis);
    div.appendChild(chart(stats));

    var levelRows = levelOrder(Object.keys(levels)).map(function (l) {
      var td = el('td'), a = el('a', { href: searchLink(selector('level', l)) });
      a.appendChild(el('span', { 'class': 'level ' + levelClass(l) }, l));
      td.appendChild(a);
      return row(td, levels[l], events);
    });
    var serviceRows = names.slice(0, MAX_SERVICES).map(function (s) {
      var td = el('td');
      td.appendChild(el('a', { href: searchLink(selector('service', s)) }, s));
      return row(td, services[s], events);
    });
    var other = null;
    if (names.length > MAX_SERVICES) {
      other = el('tr');
      other.appendChild(el('td', { 'class': 'muted' }, (names.length - MAX_SERVICES) + ' other services'));
      other.appendChild(el('td', { 'class': 'num' }, fmt(names.slice(MAX_SERVICES).reduce(function (s, n) { return s + services[n]; }, 0))));
      other.appendChild(el('td'));
    }
    var grid = el('div', { 'class': 'totals' });
    grid.appendChild(countsTable('By level', levelRows));
    grid.appendChild(countsTable('By service', serviceRows, other));
    div.appendChild(grid);
    return div;
  }

  function replaceLive(node) {
    var current = document.getElementById('live') || document.getElementById('live-placeholder');
    current.parentNode.replaceChild(node, current);
  }

  function showUnavailable(message) {
    document.getElementById('unavailable-message').textContent = message;
    document.getElementById('unavailable').classList.remove('hidden');
  }

  function refresh() {
    fetch(statsUrl, { headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) { throw new Error(body.error || 'Analytics answered HTTP ' + response.status + '.'); }
          return body;
        });
      })
      .then(function (stats) {
        replaceLive(live(stats));
        document.getElementById('unavailable').classList.add('hidden');
        document.getElementById('refresh-note').textContent = 'updated ' + new Date().toISOString().substring(11, 19) + ' UTC · refreshes every 10 s';
      })
      .catch(function (e) { showUnavailable(e.message || 'The console could not reach its server.'); });
  }

  setInterval(refresh, REFRESH_MS);
})();
