/**
 * SQLite storage. {@link vn.phieukin.store.Database} runs every write on one writer thread with
 * group commit ({@code write}) and reads on a small pool ({@code read}), returning Vert.x Futures;
 * the {@code *Store} classes hold the SQL as static methods taking the task's Connection;
 * {@link vn.phieukin.store.Migrations} applies {@code db/migration/V<n>__*.sql}; API ids are
 * made by {@link vn.phieukin.store.Ids}; expected refusals travel as
 * {@link vn.phieukin.store.RefusedException}.
 */
package vn.phieukin.store;
