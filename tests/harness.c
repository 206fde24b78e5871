/* harness.c — assemble-and-run support for the Criterion unit tests. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "harness.h"
#include "image.h"
#include "tr.h"

/* Assemble src and load it into a new machine, ready to run from its start. */
static struct cpu *h_load(const char *src, const struct h_opts *o)
{
	static const struct h_opts none;
	if (!o)
		o = &none;
	struct image *img = image_new();
	cr_assert_not_null(img);
	int errs = asm_text("test.mac", src, img, NULL, stderr);
	cr_assert_eq(errs, 0, "the test program does not assemble (%d errors)", errs);
	cr_assert(img->has_start, "the test program has no END start");
	struct cpu_config cfg = {
		.mem_kwords = o->mem_kwords ? o->mem_kwords : 256,
		.max_insns = o->max_insns ? o->max_insns : 1000000,
		.clock_period = o->clock ? o->clock : CLOCK_DEFAULT,
		.tty_in_fd = o->has_tty_in ? o->tty_in_fd : -1,
		.tty_out = o->tty_out,
	};
	struct cpu *c = cpu_new(&cfg);
	cr_assert_not_null(c);
	for (addr a = img->lo; img->lo <= img->hi && a <= img->hi; a++)
		if (img->set[a] && a < c->memsize)
			c->mem[a] = img->w[a];
	c->pc = img->start;
	image_free(img);
	return c;
}

struct cpu *h_run(const char *src, const struct h_opts *o, enum stop *stop)
{
	struct cpu *c = h_load(src, o);
	enum stop s = interp_run(c);
	if (stop)
		*stop = s;
	return c;
}

struct cpu *h_run_bt(const char *src, const struct h_opts *o, enum stop *stop, size_t cache_bytes,
		     struct bt **btp)
{
	struct cpu *c = h_load(src, o);
	struct bt *bt = bt_new(c, cache_bytes ? cache_bytes : 1u << 20, &tr_identity);
	cr_assert_not_null(bt);
	enum stop s = bt_run(c, bt);
	if (stop)
		*stop = s;
	if (btp)
		*btp = bt;
	return c;
}

void h_free(struct cpu *c)
{
	if (c && c->engine)
		bt_free(c, c->engine);
	cpu_free(c);
}

struct cpu *h_halt(const char *src)
{
	enum stop s;
	struct cpu *c = h_run(src, NULL, &s);
	cr_assert_eq(s, STOP_HALT, "the test program did not halt (stop %d at PC %06o)", s, c->pc);
	return c;
}

struct cpu *h_snip_opts(const char *body, const struct h_opts *o, enum stop *stop)
{
	static const char pre[] = "\tLOC 1000\nGO:\n", post[] = "\n\tHALT .\n\tEND GO\n";
	size_t n = strlen(body);
	char *src = malloc(sizeof pre + n + sizeof post);
	cr_assert_not_null(src);
	memcpy(src, pre, sizeof pre - 1);
	memcpy(src + sizeof pre - 1, body, n);
	memcpy(src + sizeof pre - 1 + n, post, sizeof post);
	struct cpu *c = h_run(src, o, stop);
	free(src);
	return c;
}

struct cpu *h_snip(const char *body)
{
	enum stop s;
	struct cpu *c = h_snip_opts(body, NULL, &s);
	cr_assert_eq(s, STOP_HALT, "the snippet did not halt (stop %d at PC %06o):\n%s", s, c->pc, body);
	return c;
}

struct cpu *h_snipf(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < sizeof buf, "snippet too long");
	return h_snip(buf);
}

word h_ac(const char *body, unsigned n)
{
	struct cpu *c = h_snip(body);
	word w = c->mem[n & 017];
	cpu_free(c);
	return w;
}
