/* tty.c — device 120: the console teletype, bound to the host's stdin and stdout.
 *
 * Output: DATAO sends a 7-bit character and the printer is busy for
 * TTY_OUT_DELAY instructions, then done.  Input: once the guest has touched the
 * TTY, it polls the host every TTY_IN_POLL instructions while no character is
 * waiting.  From a file or pipe the poll blocks for the next byte, so a run is a
 * function of its input bytes alone; from a terminal it does not block.
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include "io.h"

word tty_io(struct cpu *c, unsigned fn, word data)
{
	struct tty *t = &c->tty;
	if (!t->in_active) {
		t->in_active = 1;
		t->in_at = c->cycles + TTY_IN_POLL;
		cpu_schedule(c);
	}
	switch (fn) {
	case IO_DATAO:
		if (t->out) {
			fputc((int)(data & 0177), t->out);
			if (t->in_isatty)
				fflush(t->out);
		}
		t->chars_out++;
		t->out_done = 0;
		t->out_busy = 1;
		t->out_at = c->cycles + TTY_OUT_DELAY;
		break;
	case IO_DATAI:
		t->in_done = 0;
		t->in_at = c->cycles + TTY_IN_POLL;
		break;
	case IO_CONO: {
		addr e = RH(data);
		t->pia = e & 7;
		if (e & 0200) t->out_done = 0;
		if (e & 0400) t->out_busy = 0;
		if (e & 01000) t->in_done = 0;
		if (e & 02000) t->in_busy = 0;
		if (e & 010) t->out_done = 1;
		if (e & 020 && !t->out_busy) {   /* busy with no character in flight: stays busy */
			t->out_busy = 1;
			t->out_at = UINT64_MAX;
		}
		if (e & 040) t->in_done = 1;
		if (e & 0100) t->in_busy = 1;
		break;
	}
	default: /* IO_CONI */
		return (word)(t->pia | (t->out_done ? 010 : 0) | (t->out_busy ? 020 : 0) |
			      (t->in_done ? 040 : 0) | (t->in_busy ? 0100 : 0));
	}
	pi_eval(c);
	cpu_schedule(c);
	return fn == IO_DATAI ? t->in_char : 0;
}

/* One byte from the host, or -1 for none now (or ever: sets in_eof).  A
 * signal that stops the run (c->hook, trace.h) ends a blocked read with none. */
static int tty_read(struct cpu *c, struct tty *t)
{
	if (t->in_fd < 0 || t->in_eof)
		return -1;
	if (t->in_isatty) {
		struct pollfd pfd = { .fd = t->in_fd, .events = POLLIN };
		if (t->out)
			fflush(t->out);
		if (poll(&pfd, 1, 0) <= 0)
			return -1;
	}
	unsigned char ch;
	ssize_t n;
	do
		n = read(t->in_fd, &ch, 1);
	while (n < 0 && errno == EINTR && !(c->hook && c->hook->brk));
	if (n < 0 && errno == EINTR)
		return -1;
	if (n <= 0) {
		t->in_eof = 1;
		return -1;
	}
	return ch;
}

void tty_service(struct cpu *c)
{
	struct tty *t = &c->tty;
	int changed = 0;
	if (t->out_busy && c->cycles >= t->out_at) {
		t->out_busy = 0;
		t->out_done = 1;
		changed = 1;
	}
	if (t->in_active && !t->in_done && !t->in_eof && c->cycles >= t->in_at) {
		int ch = tty_read(c, t);
		if (ch >= 0) {
			t->in_char = (uint8_t)(ch & 0177);
			t->in_done = 1;
			t->chars_in++;
			changed = 1;
		}
		t->in_at = c->cycles + TTY_IN_POLL;
	}
	if (changed)
		pi_eval(c);
}

uint64_t tty_next(const struct cpu *c)
{
	const struct tty *t = &c->tty;
	uint64_t next = UINT64_MAX;
	if (t->out_busy)
		next = t->out_at;
	if (t->in_active && !t->in_done && !t->in_eof && t->in_at < next)
		next = t->in_at;
	return next;
}
