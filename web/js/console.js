// The secretariat's console (Ban Tổ chức): log in, then a page per thing, chosen by the URL
// fragment so that the browser's back button and a reload keep the place.

import { StaffSession } from './api.js';
import { h, fill, message, loginForm, topbar } from './ui.js';
import { reviewsPage, reviewPage } from './console-review.js';
import { conferencePage } from './console-conference.js';
import { roundPage } from './console-rounds.js';
import { minutesPage } from './minutes.js';
import { usersPage } from './console-users.js';
import { learnHallOrigin } from './qr.js';

const ROLES = ['ADMIN', 'SECRETARIAT'];
const session = new StaffSession('console');
const bar = document.getElementById('bar');
const app = document.getElementById('app');
let leave = null; // stops the live updates of the page being left
const STORAGE_POLL_MS = 30000;
let storageTimer = null;

// A warning in the top bar while the data folder's disk has less free space than the server's
// margin (200 MB by default): at a full disk every write (cast, issue, login) is refused.
async function checkStorage() {
  if (!session.loggedIn) return;
  const status = await session.api.storage().catch(() => null);
  const old = document.getElementById('storage-warning');
  if (old) old.remove();
  if (status && status.low) bar.append(h('div', { id: 'storage-warning' }, message('error', status.message)));
}

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function logout() {
  session.logout();
  route();
}

function nav() {
  const links = [h('a', { href: '#/' }, 'Đợt rà soát')];
  if (session.role === 'ADMIN') links.push(h('a', { href: '#/users' }, 'Tài khoản'));
  return h('nav', { class: 'console-nav', 'aria-label': 'Mục chính' }, links);
}

async function route() {
  if (leave) { leave(); leave = null; }
  fill(bar, topbar('Ban Tổ chức', session, logout));
  if (!session.loggedIn) {
    fill(app, loginForm(session, ROLES, route, 'Đăng nhập — Ban Tổ chức'));
    return;
  }
  bar.append(nav());
  checkStorage();
  if (!storageTimer) storageTimer = setInterval(checkStorage, STORAGE_POLL_MS);
  const warning = await learnHallOrigin(session.api);
  if (warning) bar.append(h('div', { id: 'loopback-warning' }, message('warn', warning)));
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const ctx = {
    session, api: session.api, app, go, role: session.role,
    onLeave: (stop) => { leave = stop; },
  };
  fill(app, h('p', { class: 'center' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang tải…'));
  try {
    const [kind, id, sub] = parts;
    if (!kind) await reviewsPage(ctx);
    else if (kind === 'review') await reviewPage(ctx, id, sub);
    else if (kind === 'conference') await conferencePage(ctx, id, sub);
    else if (kind === 'round' && sub === 'minutes') await minutesPage(ctx, id);
    else if (kind === 'round') await roundPage(ctx, id);
    else if (kind === 'users') await usersPage(ctx);
    else fill(app, message('error', 'Không có trang này.'), h('a', { href: '#/' }, 'Về trang đầu'));
  } catch (error) {
    if (error.status === 401) {
      session.logout();
      fill(bar, topbar('Ban Tổ chức', session, logout));
      fill(app, message('warn', error.message), loginForm(session, ROLES, route, 'Đăng nhập lại'));
      return;
    }
    fill(app, message('error', error.message), h('p', {}, h('a', { href: '#/' }, 'Về trang đầu')));
  }
}

window.addEventListener('hashchange', route);
route();
