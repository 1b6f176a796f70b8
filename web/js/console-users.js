// Console (ADMIN): the staff accounts — secretariat, the Bí thư (chair) and the auditors.

import { h, fill, busy, message } from './ui.js';

const ROLE_NAMES = {
  ADMIN: 'Quản trị hệ thống (Ban Tổ chức)',
  SECRETARIAT: 'Thư ký, bàn điểm danh (Ban Tổ chức)',
  CHAIR: 'Bí thư Tỉnh ủy (quyết định khi bằng phiếu)',
  AUDITOR: 'Ủy ban Kiểm tra (kiểm tra hồ sơ niêm phong)',
};

export async function usersPage({ api, app, role }) {
  if (role !== 'ADMIN') {
    fill(app, message('error', 'Chỉ tài khoản quản trị được quản lý tài khoản.'));
    return;
  }
  const list = h('div');
  const draw = async () => {
    try {
      const users = await api.req('GET', '/users');
      fill(list, h('table', { id: 'users' }, h('thead', {}, h('tr', {}, h('th', {}, 'Tên đăng nhập'), h('th', {}, 'Họ tên'), h('th', {}, 'Vai trò'))),
        h('tbody', {}, users.map((u) => h('tr', {}, h('td', {}, u.username), h('td', {}, u.displayName), h('td', {}, ROLE_NAMES[u.role] || u.role))))));
    } catch (error) {
      fill(list, message('error', error.message));
    }
  };
  const username = h('input', { type: 'text', id: 'user-name', autocomplete: 'off' });
  const displayName = h('input', { type: 'text', id: 'user-display' });
  const password = h('input', { type: 'password', id: 'user-pass', autocomplete: 'new-password' });
  const roleSel = h('select', { id: 'user-role' }, Object.entries(ROLE_NAMES).map(([k, v]) => h('option', { value: k }, v)));
  roleSel.value = 'SECRETARIAT';
  const slot = h('div');
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Tạo tài khoản');
  const form = h('form', { class: 'card', id: 'new-user' }, h('h2', {}, 'Tạo tài khoản'),
    h('div', { class: 'grid2' },
      h('div', { class: 'field' }, h('label', { for: 'user-name' }, 'Tên đăng nhập'), username),
      h('div', { class: 'field' }, h('label', { for: 'user-display' }, 'Họ tên, chức vụ'), displayName),
      h('div', { class: 'field' }, h('label', { for: 'user-pass' }, 'Mật khẩu'), password),
      h('div', { class: 'field' }, h('label', { for: 'user-role' }, 'Vai trò'), roleSel)),
    slot, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, slot, async () => {
      if (!username.value.trim() || !password.value) throw new Error('Vui lòng nhập tên đăng nhập và mật khẩu.');
      await api.createUser({ username: username.value.trim(), password: password.value, role: roleSel.value, displayName: displayName.value.trim() || username.value.trim() });
      fill(slot, message('ok', `Đã tạo tài khoản ${username.value.trim()}.`));
      form.reset();
      roleSel.value = 'SECRETARIAT';
      await draw();
    });
  });
  await draw();
  fill(app, h('div', { class: 'card' }, h('h1', {}, 'Tài khoản'), list), form);
}
