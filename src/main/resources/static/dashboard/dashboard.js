// Confero's dashboard: renders each state pushed on /dashboard/events (Server-Sent Events). No framework.
(function () {
  'use strict';

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }
  function td(text, attrs) { return el('td', Object.assign({ text: text == null ? '' : String(text) }, attrs || {})); }
  function badge(text, cls) { return el('span', { 'class': 'badge ' + (cls || ''), text: text }); }
  function bytes(n) {
    if (n == null) { return ''; }
    var units = ['B', 'KiB', 'MiB', 'GiB']; var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return n.toFixed(i ? 1 : 0) + ' ' + units[i];
  }
  function since(ms) {
    if (!ms) { return ''; }
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h';
  }

  // As the publisher announced it: a JSON string {"width":..,"height":..}; anything else is shown as is.
  function dimensions(text) {
    if (!text) { return ''; }
    try { var d = JSON.parse(text); return d.width + '×' + d.height; } catch (e) { return String(text); }
  }

  function spark(svg, values) {
    svg.innerHTML = '';
    if (values.length < 2) { return; }
    var max = Math.max.apply(null, values.concat([1]));
    var pts = values.map(function (v, i) {
      return (i * 120 / (values.length - 1)).toFixed(1) + ',' + (28 - v * 26 / max).toFixed(1);
    }).join(' ');
    var line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', pts);
    svg.appendChild(line);
  }

  function renderNodes(nodes) {
    var body = document.querySelector('#nodes tbody');
    body.innerHTML = '';
    nodes.forEach(function (n) {
      var sampled = n.cpuPercent != null;
      body.appendChild(el('tr', { 'data-node': n.id }, [
        td(n.id), el('td', {}, [el('code', { text: n.uri })]),
        el('td', {}, [badge(n.state, n.state === 'CONNECTED' ? 'on' : 'off')]),
        td(n.version),
        td(sampled ? n.cpuPercent.toFixed(1) + ' % of ' + n.cpuCount + ' cores' : '–'),
        td(sampled ? bytes(n.usedMemoryKib * 1024) : '–'),
        td(sampled ? n.pipelines : '–')]));
    });
  }

  // KMS's view of a stream's video: received bitrate and loss over the last few seconds (while the page is open).
  function received(stats) {
    if (!stats || stats.kbps == null) { return ''; }
    return stats.kbps.toFixed(0) + ' kbps · ' + stats.lossPercent.toFixed(1) + ' % lost';
  }

  function renderSessions(sessions, streamStats) {
    var box = document.getElementById('sessions');
    box.innerHTML = '';
    if (!sessions.length) { box.appendChild(el('p', { 'class': 'empty', text: 'No session.' })); return; }
    sessions.forEach(function (s) {
      var rows = s.connections.map(function (c) {
        var st = c.stream;
        var media = st ? [st.hasVideo ? (st.videoActive ? 'video' : 'video (muted)') : null,
          st.hasAudio ? (st.audioActive ? 'audio' : 'audio (muted)') : null].filter(Boolean).join(' + ') : '';
        return el('tr', { 'class': 'connection', 'data-connection': c.id }, [
          el('td', {}, [el('code', { text: c.id })]),
          el('td', {}, [badge(c.status, c.status === 'active' ? 'on' : '')]),
          td(c.role || c.type), td(c.platform),
          el('td', {}, st ? [el('code', { 'class': 'stream', text: st.id })] : []),
          td(st ? media : ''),
          td(st ? dimensions(st.videoDimensions) + (st.frameRate ? ' @' + st.frameRate + ' fps' : '') : ''),
          td(st ? (s.forcedVideoCodec === 'MEDIA_SERVER_PREFERRED' ? 'KMS preferred' : s.forcedVideoCodec) : ''),
          el('td', { 'class': 'received' }, [document.createTextNode(st ? received(streamStats[st.id]) : '')]),
          td(st && st.filter ? st.filter : ''),
          td(c.subscriptions.length ? c.subscriptions.length + ' stream(s)' : '')]);
      });
      var table = el('table', {}, [
        el('thead', {}, [el('tr', {}, ['Connection', 'Status', 'Role', 'Platform', 'Stream', 'Media', 'Video',
          'Codec', 'Received by KMS', 'Filter', 'Receives'].map(function (h) { return el('th', { text: h }); }))]),
        el('tbody', {}, rows)]);
      box.appendChild(el('div', { 'class': 'session', 'data-session': s.id }, [
        el('h3', {}, [document.createTextNode(s.id), el('small', { text: s.mediaMode + ' · open ' + since(s.createdAt) }),
          s.recording ? badge('recording', 'rec') : null]), table]));
    });
  }

  function renderRecordings(state) {
    var body = document.querySelector('#recordings tbody');
    // Players survive the refresh (moved, not rebuilt), so that a recording being watched keeps playing.
    var players = {};
    body.querySelectorAll('tr[data-recording] video').forEach(function (v) {
      players[v.closest('tr').getAttribute('data-recording')] = v;
    });
    body.innerHTML = '';
    if (!state.recordingEnabled) {
      body.appendChild(el('tr', {}, [td('Recording is disabled (OPENVIDU_RECORDING=false).', { colspan: '7' })]));
      return;
    }
    state.recordings.forEach(function (r) {
      var play = null;
      if (r.status === 'ready' && r.url) {
        var kept = players[r.id];
        if (!/\.(webm|mp4)$/.test(r.url)) {
          play = el('a', { href: r.url, text: 'download' });
        } else if (kept && kept.getAttribute('src') === r.url) {
          play = kept;
        } else {
          play = el('video', { controls: '', preload: 'none', src: r.url });
        }
      }
      body.appendChild(el('tr', { 'data-recording': r.id }, [el('td', {}, [el('code', { text: r.id })]),
        td(r.sessionId), td(r.outputMode), el('td', {}, [badge(r.status, r.status === 'ready' ? 'on'
          : r.status === 'failed' ? 'off' : '')]), td(r.duration ? r.duration.toFixed(1) + ' s' : ''),
        td(bytes(r.size)), el('td', {}, play ? [play] : [])]));
    });
  }

  function render(state) {
    var participants = 0, streams = 0;
    state.sessions.forEach(function (s) {
      s.connections.forEach(function (c) { if (c.status === 'active') { participants++; } if (c.stream) { streams++; } });
    });
    document.getElementById('count-sessions').textContent = state.sessions.length;
    document.getElementById('count-participants').textContent = participants;
    document.getElementById('count-streams').textContent = streams;
    document.getElementById('count-recordings').textContent = state.recordings.filter(function (r) {
      return r.status === 'starting' || r.status === 'started' || r.status === 'stopped';
    }).length;
    spark(document.getElementById('spark-sessions'), state.history.map(function (p) { return p.sessions; }));
    spark(document.getElementById('spark-streams'), state.history.map(function (p) { return p.streams; }));
    renderNodes(state.mediaNodes);
    renderSessions(state.sessions, state.streamStats || {});
    renderRecordings(state);
    document.getElementById('updated').textContent = 'updated ' + new Date(state.time).toLocaleTimeString();
    window.conferoDashboard = { updates: (window.conferoDashboard ? window.conferoDashboard.updates : 0) + 1 };
  }

  var link = document.getElementById('link');
  var events = new EventSource('/dashboard/events');
  events.addEventListener('state', function (e) {
    link.textContent = 'live'; link.className = 'badge on';
    render(JSON.parse(e.data));
  });
  events.onerror = function () { link.textContent = 'reconnecting…'; link.className = 'badge off'; };
})();
