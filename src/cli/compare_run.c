/* compare_run.c — `tenvm compare`'s runs: one guest in one mode, its TTY output captured, its input replayed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "compare_impl.h"
#include "tr.h"

/* ---- one guest on one machine, with its output captured ---- */


/* A fresh descriptor reading the input bytes from the start. */
static int input_fd(const struct cmp_input *in)
{
	int fd = memfd_create("tenvm-input", MFD_CLOEXEC);
	if (fd < 0) {
		FILE *f = tmpfile();
		if (!f)
			return -1;
		fd = dup(fileno(f));
		fclose(f);
		if (fd < 0)
			return -1;
	}
	size_t done = 0;
	while (in && done < in->len) {
		ssize_t n = write(fd, in->bytes + done, in->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void tap_close(struct tap *t)
{
	session_close(&t->s);
	if (t->out)
		fclose(t->out);
	free(t->buf);
	if (t->fd >= 0)
		close(t->fd);
	*t = (struct tap){ .fd = -1 };
}

int tap_open(struct tap *t, const struct session_opts *o, int mode, const struct image *img,
	     const char *file, const struct cmp_input *in)
{
	*t = (struct tap){ .fd = -1 };
	struct session_opts so = *o;
	so.mode = mode;
	t->out = open_memstream(&t->buf, &t->len);
	t->fd = input_fd(in);
	if (!t->out || t->fd < 0) {
		fprintf(stderr, "tenvm: cannot set up the guest's TTY: %s\n", strerror(errno));
		tap_close(t);
		return EXIT_FAILURE_;
	}
	so.cfg.tty_out = t->out;
	so.cfg.tty_in_fd = t->fd;
	int rc = session_open(&t->s, &so, img, file);
	if (rc)
		tap_close(t);
	return rc;
}

/* ---- one mode, run through ---- */

int cmp_run_mode(const struct session_opts *o, const struct image *img, const char *file,
		 const struct cmp_input *in, struct cmp_run *r)
{
	memset(r, 0, sizeof *r);
	r->mode = o->mode;
	struct tap t;
	int rc = tap_open(&t, o, o->mode, img, file, in);
	if (rc)
		return rc;
	double t0 = cli_now();
	r->stop = session_run(&t.s);
	r->secs = cli_now() - t0;
	struct cpu *c = t.s.c;
	r->pc = c->pc;
	r->flags = c->flags;
	r->insns = cpu_insns(c);
	r->cycles = c->cycles;
	if (t.s.vm) {
		r->has_vm = 1;
		r->st = t.s.vm->st;
	}
	if (t.s.bt) {
		r->has_bt = 1;
		r->tc = *tc_stats(t.s.bt->tc);
		r->interp_insns = t.s.bt->interp_insns;
	}
	fflush(t.out);
	r->out = malloc(t.len + 1);
	r->memsize = c->memsize;
	r->mem = malloc(c->memsize * sizeof *c->mem);
	if (!r->out || !r->mem) {
		tap_close(&t);
		fprintf(stderr, "tenvm: out of memory\n");
		return EXIT_FAILURE_;
	}
	memcpy(r->mem, c->mem, c->memsize * sizeof *c->mem);
	memcpy(r->out, t.buf, t.len);
	r->out[t.len] = 0;
	r->outlen = t.len;
	tap_close(&t);
	return 0;
}

void cmp_run_free(struct cmp_run *r)
{
	free(r->out);
	free(r->mem);
	r->out = NULL;
	r->mem = NULL;
}

int cmp_same_end(const struct cmp_run *a, const struct cmp_run *b)
{
	return a->stop == b->stop && a->pc == b->pc && a->flags == b->flags && a->insns == b->insns &&
	       a->outlen == b->outlen && !memcmp(a->out, b->out, a->outlen) &&
	       a->memsize == b->memsize && a->mem && b->mem &&
	       !memcmp(a->mem, b->mem, a->memsize * sizeof *a->mem);
}
