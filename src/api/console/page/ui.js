// Small helpers every page shares: HTML built from templates with every value escaped, tables,
// error boxes from the API's error bodies, and forms that report what the API answered.
import { Problem } from './api.js';

const RAW = Symbol('raw');

/** Marks text as HTML already: not escaped again. */
export function raw(text) {
  return { [RAW]: String(text) };
}

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function part(value) {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(part).join('');
  if (typeof value === 'object' && RAW in value) return value[RAW];
  return esc(value);
}

/** A template tag: `html\`<td>${name}</td>\`` escapes `name`; nested `html` results stay HTML. */
export function html(strings, ...values) {
  return raw(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
}

export function show(element, content) {
  element.innerHTML = part(content);
}

/** The markup of `content`, for insertAdjacentHTML. */
export function markup(content) {
  return part(content);
}

/** A table: `head` is a list of column titles (a title ending in `#` is a number column). */
export function table(head, rows, empty = 'None.') {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  const cls = (title) => (title.endsWith('#') ? ' class="num"' : '');
  const name = (title) => title.replace(/#$/, '');
  return html`<table><thead><tr>${head.map((t) => raw(`<th${cls(t)}>${esc(name(t))}</th>`))}</tr></thead>
    <tbody>${rows.map((row) => html`<tr>${row.map((cell, i) => raw(`<td${cls(head[i] ?? '')}>${part(cell)}</td>`))}</tr>`)}</tbody></table>`;
}

export function yesNo(value, yes = 'yes', no = 'no') {
  return html`<span class="tag ${value ? 'yes' : 'no'}">${value ? yes : no}</span>`;
}

export function money(amount, currency = '') {
  const n = Number(amount);
  return Number.isFinite(n) ? `${n.toFixed(2)}${currency ? ` ${currency}` : ''}` : String(amount ?? '');
}

/** The API's error, as it answered it: its status, its title, and the fields it names. */
export function problem(error) {
  if (!(error instanceof Problem)) return html`<div class="error" role="alert">${String(error?.message ?? error)}</div>`;
  const fields = Object.entries(error.fields ?? {});
  return html`<div class="error" role="alert"><strong>${error.status}</strong> ${error.message}
    ${fields.length ? html`<ul>${fields.map(([field, why]) => html`<li><code>${field}</code>: ${why}</li>`)}</ul>` : ''}</div>`;
}

/**
 * Wires every `form[data-form=name]` under `root` to `handler(values, form)`; what the handler
 * returns (HTML) or throws (an API error) is shown in the form's `.result`. `after` runs on success.
 */
export function onSubmit(root, name, handler, after) {
  for (const form of root.querySelectorAll(`form[data-form="${name}"]`)) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = form.querySelector('.result') ?? form.appendChild(document.createElement('div'));
      result.className = 'result';
      const button = form.querySelector('button[type=submit], button:not([type])');
      if (button) button.disabled = true;
      try {
        const shown = await handler(Object.fromEntries(new FormData(form)), form);
        show(result, shown ?? '');
        if (after) await after();
      } catch (error) {
        show(result, problem(error));
      } finally {
        if (button) button.disabled = false;
      }
    });
  }
}

/** Runs `handler(button)` on a click of any `button[data-act=name]` under `root`; errors go to `errors`. */
export function onClick(root, name, handler, errors) {
  for (const button of root.querySelectorAll(`button[data-act="${name}"]`)) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await handler(button);
      } catch (error) {
        if (errors) show(errors, problem(error));
        button.disabled = false;
      }
    });
  }
}
