/* proggen.c — programs made by running them: what simh_diff's and ka10_gen's generators share. */
#include <errno.h>
#include <stdlib.h>
#include "isa.h"
#include "proggen.h"

uint64_t pg_rs;
struct proggen pg;

int ea_of(word w, addr *e)
{
	for (unsigned lev = 0;; lev++) {
		addr y = RH(w);
		if (I_X(w))
			y = (y + RH(gm(I_X(w)))) & RH_MASK;
		if (!I_IND(w)) {
			*e = y;
			return 1;
		}
		if (lev >= 3 || !(valid_mem(y) || pg.literal(y)))
			return 0;
		w = gm(y);
	}
}

addr pick_mem(void)
{
	return rn(10) < 3 ? rn(16) : pg.data_lo + rn(pg.data_n);
}

addr pick_imm(void)
{
	static const addr edge[] = { 0, 1, 2, 3, 0777777, 0777776, 0400000, 0377777, 0400001, 0123 };
	switch (rn(4)) {
	case 0: return rn(20);
	case 1: return edge[rn(sizeof edge / sizeof edge[0])];
	case 2: return rn(0100) * 01001;   /* both small halves touch */
	default: return (addr)(rnd() & RH_MASK);
	}
}

addr pick_count(void)
{
	int n;
	switch (rn(6)) {
	case 0: return (addr)(rnd() & RH_MASK);
	case 1: n = (int)rn(511) - 255; break;
	case 2: n = (int)rn(145) - 72; break;
	default: n = (int)rn(81) - 40; break;
	}
	return (addr)n & RH_MASK;
}

static addr target(int kind, addr want) { return kind == 0 ? pick_mem() : want; }

word pick_form(int kind, addr want)
{
	for (int tries = 0; tries < 8; tries++) {
		unsigned r = rn(10);
		addr t = pg.target_first ? target(kind, want) : 0;
		if (r < 5 || (kind == 2 && r >= 8))
			return pg.target_first ? t : target(kind, want);
		if (r < 8) {
			unsigned x = 1 + rn(15);
			if (!pg.target_first)
				t = target(kind, want);
			return (word)x << 18 | ((t - RH(gm(x))) & RH_MASK);
		}
		/* indirect through an AC or data word, itself direct or indexed */
		addr a = pick_mem();
		word f = (word)1 << 22 | a;
		if (rn(3) == 0) {
			unsigned x = 1 + rn(15);
			f = (word)1 << 22 | (word)x << 18 | ((a - RH(gm(x))) & RH_MASK);
		}
		addr e;
		if (ea_of(f, &e) && (kind == 1 || valid_mem(e)))
			return f;
	}
	return target(kind, want);
}

struct region *region_of(addr pc)
{
	for (unsigned i = 0; i < pg.n_regions; i++)
		if (pc >= pg.regions[i].lo && pc <= pg.regions[i].end)
			return &pg.regions[i];
	return NULL;
}

addr new_sub(unsigned op, unsigned ac, addr pc, const struct region *rg)
{
	unsigned body = rn(4), link = (op == 0264 || op == 0266);
	if (pg.n_regions >= pg.max_regions || pg.sub_next + link + body + 1 > pg.code_end + 1)
		return 0;
	struct region *s = &pg.regions[pg.n_regions++];
	addr e = pg.sub_next;
	*s = (struct region){ .lo = e + link, .end = e + link + body, .depth = rg->depth + 1,
			      .call = op, .link_ac = ac, .link_at = link ? e : 0, .ret = pc + 1 };
	pg.sub_next = s->end + 1;
	return e;
}

word gen_insn(addr pc, const struct region *rg, int xdepth)
{
	for (int tries = 0; tries < 200; tries++) {
		word w = pg.try_insn(pc, rg, xdepth);
		if (w)
			return w;
	}
	return 0255000000000ULL;   /* JFCL: does nothing */
}

int pg_form(enum role role, unsigned op, unsigned *ac, addr pc, const struct region *rg, int xdepth,
	    addr *want, word *form)
{
	switch (role) {
	case R_MEM: case R_BYTE:
		*form = pick_form(0, 0);
		return 1;
	case R_IMM:
		*form = pick_form(1, pick_imm());
		return 1;
	case R_SHIFT:
		*form = pick_form(1, pick_count());
		return 1;
	case R_JUMP:
		if (pc + 1 > rg->end)
			return 0;
		if (op == 0254)
			*ac = 0;   /* JRST with AC != 0 is no user-mode jump (and differs on the KS10) */
		*want = pc + 1 + rn(rg->end - pc < 6 ? rg->end - pc : 6);
		*form = pick_form(2, *want);
		return 1;
	case R_XCT: {
		/* XCT with AC != 0 is PXCT on the KS10 in exec mode; the KA10 ignores it. */
		*ac = 0;
		if (xdepth >= 2 || pg.sub_next > pg.code_end)
			return 0;
		addr x = pg.sub_next++;
		if (pg.place(x, gen_insn(pc, rg, xdepth + 1)))
			return 0;
		*want = x;
		*form = pick_form(2, x);
		return 1;
	}
	default:
		return -1;
	}
}

int pg_fits(word w, enum role role, addr want, addr pc, const struct region *rg, addr *e)
{
	if (((isa_class(w) & K_SKIP) && pc + 2 > rg->end) || !ea_of(w, e))
		return 0;
	switch (role) {
	case R_MEM: case R_BYTE: case R_PUSH: case R_POP:
		return valid_mem(*e);
	case R_JUMP: case R_XCT: case R_CALL: case R_BLT: case R_JRSTF:
		return *e == want;
	default:
		return 1;
	}
}

int pg_call(unsigned op, unsigned *ac, addr pc, const struct region *rg, int xdepth,
	    int (*push_ok)(unsigned k), addr *want, word *form)
{
	if (xdepth || rg->depth >= 2)
		return 0;
	if (op == 0260) {
		int k = pg_stack_ac(push_ok);
		if (k < 0)
			return 0;
		*ac = (unsigned)k;
	}
	if (op == 0264)
		*ac = 0;
	addr e = new_sub(op, *ac, pc, rg);
	if (!e)
		return 0;
	*want = e;
	*form = pick_form(2, e);
	return 1;
}

int pg_stack_ac(int (*fits)(unsigned k))
{
	unsigned k = rn(16);
	for (unsigned i = 0; i < 16; i++, k = (k + 1) & 017)
		if (fits(k))
			return (int)k;
	return -1;
}

word pg_return(const struct region *rg)
{
	word v;
	switch (rg->call) {
	case 0265:                 /* JSP ac: JRST @ac or JRST (ac) */
		v = gm(rg->link_ac);
		if (RH(v) != rg->ret)
			break;
		if (!(v & I_IX_MASK) && (rn(2) || rg->link_ac == 0))
			return 0254020000000ULL | (word)rg->link_ac;
		if (rg->link_ac == 0)
			break;     /* no indexing by AC 0 */
		return 0254000000000ULL | (word)rg->link_ac << 18;
	case 0266:                 /* JSA ac: JRA ac,(ac), or JRA ac,ret */
		v = gm(rg->link_ac);
		if (v == XWD(rg->link_at, rg->ret))
			return 0267000000000ULL | (word)rg->link_ac << 23 |
			       (rg->link_ac && rn(2) ? (word)rg->link_ac << 18 : rg->ret);
		break;
	}
	return 0254000000000ULL | rg->ret;   /* the link was overwritten: JRST back */
}

int pg_opt_value(int argc, char **argv, int *i, const char **v, unsigned long long *x,
		 void (*usage)(void))
{
	if (*i + 1 >= argc)
		usage();
	*v = argv[++*i];
	char *end;
	errno = 0;
	*x = strtoull(*v, &end, 0);
	return !errno && **v && !*end;
}
