/** The rules of the four-step planning review (PROCEDURE.md): pure Java, no I/O, no framework. */
package vn.phieukin.procedure;
