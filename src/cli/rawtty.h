/* rawtty.h — the host terminal in raw mode for the guest, always restored; Ctrl-C for the console. */
#ifndef TENVM_RAWTTY_H
#define TENVM_RAWTTY_H

#include "trace.h"

/* If fd is a terminal: remember its settings, and arrange that they come
 * back at exit, on a fatal signal and on a panic.  Returns 1 if it is one. */
int rawtty_init(int fd);
/* Raw: each key as typed, CR as CR, no echo; only ^C (SIGINT) and ^E
 * (SIGQUIT) still signal, for the console (rawtty_sigint). */
void rawtty_raw(void);
/* The settings it had (for the console's own line editing). */
void rawtty_cooked(void);

/* SIGINT (and ^E's SIGQUIT in raw mode) stops the run through hook h
 * (ev_stop); a second one before the first is served ends tenvm at once,
 * status 130.  h NULL: they are ignored (at the console's prompt). */
void rawtty_sigint(struct ev_hook *h);
/* Whether a SIGINT has stopped the run since the last call (and clear it). */
int rawtty_interrupted(void);

#endif
