/* io.h — devices on the I/O bus (APR, PI, TTY) and the interrupt system that joins them. */
#ifndef TENVM_IO_H
#define TENVM_IO_H

#include "cpu.h"

/* Device numbers: the 7-bit field in bits 3-9, i.e. the device code / 4. */
enum { DEV_APR = 0, DEV_PI = 1, DEV_VMT = 010 >> 2, DEV_TTY = 0120 >> 2 };

/* What a timer exit stores at exec 40: JFCL 0, which no trap stores. */
#define VMT_EXIT_WORD ((word)0255000 << 18)

/* I/O functions (bits 10-12). */
enum { IO_BLKI, IO_DATAI, IO_BLKO, IO_DATAO, IO_CONO, IO_CONI, IO_CONSZ, IO_CONSO };

/* A device's data and condition transfers: fn is IO_DATAI, IO_DATAO, IO_CONO or
 * IO_CONI; returns the word read (0 for the output functions). */
word apr_io(struct cpu *c, unsigned fn, word data);
word pi_io(struct cpu *c, unsigned fn, word data);
word tty_io(struct cpu *c, unsigned fn, word data);
/* Device 010, the assist's timer (vmt.c; absent without the assist): DATAO
 * loads the count (0 off), DATAI reads what is left; CONO, CONI do nothing. */
word vmt_io(struct cpu *c, unsigned fn, word data);
/* The timer ran out in user mode: the timer exit (see vmt.c), at an
 * instruction boundary, counted as a cycle. */
void vmt_expire(struct cpu *c);

/* Reset every device (CONO APR 200000, and power-up). */
void io_reset(struct cpu *c);

/* Recompute the interrupt requests of every device, and the level PI takes
 * next (c->pi.pending); when one is pending, make it due now.  Call after any
 * change to a device flag, a PIA, the PI system, or AROV/FOV. */
void pi_eval(struct cpu *c);
#define apr_check pi_eval

/* Take the pending interrupt: execute the instruction at 40+2n in exec space
 * (and 41+2n after a BLKI/BLKO count overflow), then hold the level unless
 * the instruction was a BLKI, BLKO, DATAI or DATAO. */
void pi_take(struct cpu *c);
/* The interrupt instruction of a PI cycle was aborted by a memory fault (on
 * the bare machine): its program request counts as served, and a BLKx whose
 * pointer had already run out still goes on to the second location (DAKAH
 * MOD147: the NXM of a BLKO's transfer does not stop PI overflow). */
void pi_aborted(struct cpu *c);
/* JRST 10: dismiss the highest-priority level in progress (none while the PI
 * system is off). */
void pi_dismiss(struct cpu *c);

/* Complete TTY transfers that are due; poll for input. */
void tty_service(struct cpu *c);
/* The next cycle at which the TTY needs service, or UINT64_MAX. */
uint64_t tty_next(const struct cpu *c);

#endif
