// accord serve: the pages' only script (plain JavaScript, no library). It sends the editor's
// draft to the page endpoint `assess` on every change, saves drafts through the JSON API
// (PUT /api/v1/scenarios/{id}/plans/{plan} with base_version), shows a stale save's conflict
// without losing the edits, restores versions, and imports scenarios.
'use strict';

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function errorText(res) {
  try {
    const body = await res.json();
    return body.error ? body.error.message : res.statusText;
  } catch (e) {
    return res.statusText;
  }
}

// ---- The draft editor -------------------------------------------------------------------
// A slider's value as shown: at most three decimals.
function shown(value) {
  return String(Math.round(Number(value) * 1000) / 1000);
}

function setupEditor(root) {
  const scenario = root.dataset.scenario;
  const plan = root.dataset.plan;
  let base = Number(root.dataset.version);
  const result = document.getElementById('result');
  const banner = document.getElementById('whatif-banner');
  let seq = 0;

  function terms() {
    const t = {};
    for (const sel of root.querySelectorAll('select[data-issue]')) {
      const v = sel.value;
      t[sel.dataset.issue] = v === '' ? null : (sel.dataset.numeric ? Number(v) : v);
    }
    return t;
  }

  function whatIfs() {
    const set = [];
    const labels = [];
    for (const r of root.querySelectorAll('input.whatif')) {
      if (Number(r.value) !== Number(r.dataset.initial)) {
        set.push(r.dataset.path + '=' + r.value);
        labels.push(r.closest('label').firstChild.textContent.trim() + ' of ' +
          r.closest('details.party-whatif').querySelector('summary').firstChild.textContent.trim() + ' → ' + shown(r.value));
      }
    }
    const remove = [];
    for (const c of root.querySelectorAll('input.redline')) {
      if (c.checked) {
        remove.push(c.dataset.line);
        labels.push(c.parentElement.textContent.trim());
      }
    }
    return { set, remove, labels };
  }

  async function assess() {
    const mine = ++seq;
    const w = whatIfs();
    banner.hidden = w.labels.length === 0;
    document.getElementById('whatif-list').textContent = w.labels.join('; ');
    const res = await fetch('/scenario/' + encodeURIComponent(scenario) + '/assess', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ version: base, plan, terms: terms(), set: w.set, remove_red_line: w.remove }),
    });
    const html = await res.text();
    if (mine === seq) {
      result.innerHTML = html;
      root.dataset.assessed = String(mine);
    }
  }

  for (const r of root.querySelectorAll('input.whatif')) {
    r.addEventListener('input', () => {
      const out = root.querySelector('output[data-for="' + r.id + '"]');
      if (out) out.textContent = shown(r.value);
    });
  }
  root.addEventListener('change', (e) => {
    if (e.target.closest('.save')) return;
    assess();
  });
  document.getElementById('whatif-reset').addEventListener('click', () => {
    for (const r of root.querySelectorAll('input.whatif')) {
      r.value = r.dataset.initial;
      const out = root.querySelector('output[data-for="' + r.id + '"]');
      if (out) out.textContent = r.value;
    }
    for (const c of root.querySelectorAll('input.redline')) c.checked = false;
    assess();
  });

  const saveResult = document.getElementById('save-result');
  async function save(baseVersion) {
    const message = document.getElementById('save-message').value.trim() || 'edited in the draft editor';
    const res = await fetch('/api/v1/scenarios/' + encodeURIComponent(scenario) + '/plans/' + encodeURIComponent(plan), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ base_version: baseVersion, terms: terms(), message }),
    });
    if (res.ok) {
      const body = await res.json();
      base = body.version;
      root.dataset.version = String(base);
      document.getElementById('base-version').textContent = String(base);
      saveResult.innerHTML = '<p class="ok">Saved as version ' + body.version + '. <a href="/scenario/' +
        encodeURIComponent(scenario) + '/history">See the history</a>.</p>';
      return;
    }
    if (res.status === 409) {
      const body = await res.json();
      const current = body.current_version;
      let changes = '';
      if (current) {
        const d = await fetch('/scenario/' + encodeURIComponent(scenario) + '/diff?from=' + baseVersion + '&to=' + current + '&fragment=true');
        if (d.ok) changes = await d.text();
      }
      saveResult.innerHTML = '<div class="conflict" id="conflict"><p><b>Not saved: someone saved version ' + escapeHtml(current) +
        ' after the version ' + escapeHtml(baseVersion) + ' you edited.</b> Your edits are still on this page. What changed since:</p>' +
        changes + '<button type="button" id="save-anyway">Save my draft as the next version (based on ' + escapeHtml(current) + ')</button></div>';
      document.getElementById('save-anyway').addEventListener('click', () => save(current));
      return;
    }
    saveResult.innerHTML = '<p class="error">Not saved: ' + escapeHtml(await errorText(res)) + '</p>';
  }
  document.getElementById('save').addEventListener('click', () => save(base));
  assess();
}

// ---- History: restore ----------------------------------------------------------------------
function setupHistory(table) {
  const scenario = table.dataset.scenario;
  for (const b of table.querySelectorAll('button.restore')) {
    b.addEventListener('click', async () => {
      const res = await fetch('/scenario/' + encodeURIComponent(scenario) + '/restore', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ version: Number(b.dataset.version), base_version: Number(table.dataset.latest) }),
      });
      const out = document.getElementById('restore-result');
      if (res.ok) {
        location.reload();
      } else {
        out.innerHTML = '<p class="error">Not restored: ' + escapeHtml(await errorText(res)) + '</p>';
      }
    });
  }
}

// ---- Workspace: import ---------------------------------------------------------------------
function setupImport(form) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const format = document.getElementById('import-format').value;
    const message = document.getElementById('import-message').value || 'imported';
    const files = Array.from(document.getElementById('import-files').files);
    const pasted = document.getElementById('import-text').value;
    const body = { format, message };
    if (format === 'accord') {
      body.text = files.length ? await files[0].text() : pasted;
    } else {
      body.files = {};
      for (const f of files) body.files[f.name] = await f.text();
    }
    const res = await fetch('/api/v1/scenarios', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const out = document.getElementById('import-result');
    if (res.ok) {
      const created = await res.json();
      location.href = '/scenario/' + encodeURIComponent(created.id);
    } else {
      let text = await errorText(res);
      out.innerHTML = '<p class="error">Not imported: ' + escapeHtml(text) + '</p>';
    }
  });
}

const editor = document.getElementById('editor');
if (editor) setupEditor(editor);
const versions = document.getElementById('versions');
if (versions) setupHistory(versions);
const importForm = document.getElementById('import-form');
if (importForm) setupImport(importForm);
