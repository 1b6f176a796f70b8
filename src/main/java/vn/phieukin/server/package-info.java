/**
 * The HTTPS server (Vert.x): {@link vn.phieukin.server.PhieukinServer} wires everything by hand
 * and starts it as one Future chain; one {@code *Api} class per group of endpoints with one
 * method per route ({@code Future<Reply> m(RoutingContext)}, attached with
 * {@link vn.phieukin.server.Endpoint#of}); {@link vn.phieukin.server.Auth} guards routes by role;
 * every refusal becomes {@code {"error":{"code","message"}}} in {@link vn.phieukin.server.Failures},
 * its status chosen only in {@link vn.phieukin.server.ErrorStatus}.
 */
package vn.phieukin.server;
