/* test_vmm.c — the monitors: isolation of VMs, hybrid equals bare on the guests, trap mode's
 * divergence, VMM entry accounting. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "asm.h"
#include "image.h"
#include "io.h"
#include "loader.h"
#include "tr.h"
#include "vmm.h"

#define BUDGET 20000000u

/* What a run leaves: the guest's machine as it ended. */
struct out {
	word    *mem;          /* a copy of the machine's memory */
	addr     size;
	addr     pc;
	uint32_t flags;
	uint64_t insns, cycles;
	enum stop stop;
	char    *tty;
	size_t   ttylen;
	struct vm_stats st;
};

static void out_free(struct out *o)
{
	free(o->mem);
	free(o->tty);
}

static struct image *assemble_file(const char *path)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	cr_assert_eq(asm_file(path, img, NULL, stderr), 0, "%s does not assemble", path);
	cr_assert(img->has_start, "%s has no start", path);
	return img;
}

static struct image *assemble_text(const char *src)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	cr_assert_eq(asm_text("test.mac", src, img, NULL, stderr), 0, "the test program does not assemble");
	return img;
}

static void load(struct cpu *c, const struct image *img)
{
	for (addr a = img->lo; img->lo <= img->hi && a <= img->hi; a++)
		if (img->set[a]) {
			cr_assert_lt(a, c->memsize);
			c->mem[a] = img->w[a];
		}
	c->pc = img->start;
}

/* TTY input for a guest: a pipe holding `in`, or -1. */
static int input_fd(const char *in)
{
	if (!in)
		return -1;
	int p[2];
	cr_assert_eq(pipe(p), 0);
	ssize_t n = (ssize_t)strlen(in);
	cr_assert_eq(write(p[1], in, (size_t)n), n);
	close(p[1]);
	return p[0];
}

static void capture(struct out *o, const struct cpu *c, enum stop s)
{
	o->size = c->memsize;
	o->mem = malloc(o->size * sizeof(word));
	cr_assert_not_null(o->mem);
	memcpy(o->mem, c->mem, o->size * sizeof(word));
	o->pc = c->pc;
	o->flags = c->flags;
	o->insns = cpu_insns(c);
	o->cycles = c->cycles;
	o->stop = s;
}

/* The guest alone on the bare machine of kw K words. */
static void run_bare(const struct image *img, unsigned kw, uint64_t budget, const char *in, int use_bt,
		     struct out *o)
{
	memset(o, 0, sizeof *o);
	FILE *tty = open_memstream(&o->tty, &o->ttylen);
	int fd = input_fd(in);
	struct cpu_config cfg = { .mem_kwords = kw, .max_insns = budget, .tty_in_fd = fd, .tty_out = tty };
	struct cpu *c = cpu_new(&cfg);
	cr_assert_not_null(c);
	load(c, img);
	struct bt *bt = NULL;
	enum stop s;
	if (use_bt) {
		bt = bt_new(c, 1u << 20, &tr_identity);
		cr_assert_not_null(bt);
		s = bt_run(c, bt);
	} else {
		s = interp_run(c);
	}
	c->tty.out = NULL;
	fclose(tty);
	capture(o, c, s);
	if (bt)
		bt_free(c, bt);
	cpu_free(c);
	if (fd >= 0)
		close(fd);
}

/* A guest of a monitor: its image, memory, budget and input. */
struct guest {
	const struct image *img;   /* NULL: the VM halts at once (HALT 0 at 0) */
	unsigned kw;
	uint64_t budget;
	const char *in;
};

/*
 * Run guests g[0..n) as VMs of one monitor (mode, engine) on a real machine of
 * real_kw K words, allocated in order.  o[i] receives VM i's end.  Before the
 * run, real memory outside every VM is filled with a pattern; *outside_ok
 * says whether it is intact afterwards.  base[i] receives VM i's region.
 */
static void run_vmm(enum vmm_mode mode, int use_bt, unsigned real_kw, const struct guest *g, int n,
		    struct out *o, int *outside_ok, addr *base)
{
	struct cpu_config rc = { .mem_kwords = real_kw, .tty_in_fd = -1 };
	struct cpu *real = cpu_new(&rc);
	cr_assert_not_null(real);
	struct vmm *m = vmm_new(real, mode, use_bt, 1u << 20);
	cr_assert_not_null(m);
	struct vm *vm[VMM_MAX_VMS];
	FILE *tty[VMM_MAX_VMS];
	int fd[VMM_MAX_VMS];
	for (int i = 0; i < n; i++) {
		memset(&o[i], 0, sizeof o[i]);
		tty[i] = open_memstream(&o[i].tty, &o[i].ttylen);
		fd[i] = input_fd(g[i].in);
		struct cpu_config cfg = { .mem_kwords = g[i].kw, .max_insns = g[i].budget,
					  .tty_in_fd = fd[i], .tty_out = tty[i] };
		vm[i] = vmm_add(m, &cfg);
		cr_assert_not_null(vm[i], "VM %d does not fit", i);
		if (g[i].img)
			load(vm[i]->v, g[i].img);
		else
			vm[i]->v->mem[0] = 0254200000000ULL, vm[i]->v->pc = 0;
		if (base)
			base[i] = vm[i]->base;
	}
	addr used = m->next_base;
	for (addr a = used; a < real->memsize; a++)
		real->mem[a] = (0525252525252ULL ^ a * 0x9E3779B9ULL) & W_MASK;
	vmm_run(m);
	if (outside_ok) {
		*outside_ok = 1;
		for (addr a = used; a < real->memsize; a++)
			if (real->mem[a] != ((0525252525252ULL ^ a * 0x9E3779B9ULL) & W_MASK))
				*outside_ok = 0;
	}
	for (int i = 0; i < n; i++) {
		vm[i]->v->tty.out = NULL;
		fclose(tty[i]);
		capture(&o[i], vm[i]->v, vm[i]->stop);
		o[i].st = vm[i]->st;
		if (fd[i] >= 0)
			close(fd[i]);
	}
	vmm_free(m);
	cpu_free(real);
}

/* Count the differences between two ends (and say what they are). */
static int differ(const char *what, const struct out *a, const struct out *b)
{
	int n = 0;
#define D(name, x, y) do { if ((x) != (y)) { if (n++ < 12) \
	cr_log_error("%s: %s %llo, bare %llo", what, name, (unsigned long long)(y), (unsigned long long)(x)); } } while (0)
	D("stop", a->stop, b->stop);
	D("pc", a->pc, b->pc);
	D("flags", a->flags, b->flags);
	D("insns", a->insns, b->insns);
	D("cycles", a->cycles, b->cycles);
	D("memsize", a->size, b->size);
	for (addr i = 0; i < a->size && i < b->size; i++)
		if (a->mem[i] != b->mem[i]) {
			char nm[32];
			snprintf(nm, sizeof nm, "mem[%06o]", i);
			D(nm, a->mem[i], b->mem[i]);
		}
	D("tty bytes", a->ttylen, b->ttylen);
	if (a->ttylen == b->ttylen && memcmp(a->tty, b->tty, a->ttylen))
		D("tty text", 0, 1);
#undef D
	return n;
}

/* ---- (a) isolation ---- */

/* A well-behaved guest that the trap-only monitor also runs correctly: no
 * critical instructions, only computation, memory and TTY output. */
static const char good_src[] =
	"TTY=120\n"
	"\tLOC 1000\n"
	"START:\tMOVEI 7,40\n"                      /* passes */
	"PASS:\tMOVEI 1,0\n"
	"\tMOVE 2,SEED\n"
	"FILL:\tIMULI 2,5\n"
	"\tADDI 2,3(7)\n"
	"\tAND 2,[777777]\n"
	"\tMOVEM 2,TAB(1)\n"
	"\tADDI 1,1\n"
	"\tCAIGE 1,4000\n"
	"\tJRST FILL\n"
	"\tMOVEM 2,SEED\n"
	"\tMOVSI 1,-4000\n"
	"SUM:\tADD 3,TAB(1)\n"
	"\tROT 3,1\n"
	"\tAOBJN 1,SUM\n"
	"\tMOVEM 3,SUMS(7)\n"
	"\tSOJG 7,PASS\n"
	"\tMOVE 4,[POINT 3,3]\n"
	"\tMOVEI 5,14\n"
	"PR:\tILDB 6,4\n"
	"\tADDI 6,\"0\"\n"
	"\tDATAO TTY,6\n"
	"\tCONSZ TTY,20\n"
	"\tJRST .-1\n"
	"\tSOJG 5,PR\n"
	"\tMOVEI 6,15\n"
	"\tDATAO TTY,6\n"
	"\tCONSZ TTY,20\n"
	"\tJRST .-1\n"
	"DONE:\tHALT DONE\n"
	"SEED:\t123\n"
	"SUMS:\tBLOCK 41\n"
	"TAB:\tBLOCK 4000\n"
	"\tEND START\n";

/* The hostile guest's layout: its code and tables at CODE_LO..CODE_HI; every
 * other address it reaches is fair game. */
#define H_CODE_LO 01000u
#define H_CODE_HI 037777u
#define H_IDX     030000u    /* slots run so far */
#define H_TAB     030001u    /* the slot table */
#define H_FILL    0047000000000ULL   /* CALLI 0: an MUUO, back to the driver through 41 */

struct hgen {
	uint64_t s;
	word *w;                 /* the image being built (64K words) */
	addr pc;
};

static uint64_t hrand(struct hgen *h)
{
	uint64_t z = (h->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static word HW(unsigned op, unsigned ac, unsigned i, unsigned x, addr y)
{
	return (word)(op & 0777) << 27 | (word)(ac & 017) << 23 | (word)(i & 1) << 22 |
	       (word)(x & 017) << 18 | (y & RH_MASK);
}
static word HIO(unsigned dev, unsigned fn, addr y)
{
	return 7ULL << 33 | (word)((dev >> 2) & 0177) << 26 | (word)(fn & 7) << 23 | (y & RH_MASK);
}

static addr hemit(struct hgen *h, word w)
{
	cr_assert_lt(h->pc, H_IDX, "the hostile program outgrew its area");
	h->w[h->pc] = w & W_MASK;
	return h->pc++;
}

/* A target outside the hostile program: low core (not the trap and interrupt
 * locations 40-61), the rest of its 64K, or beyond it (nonexistent). */
static addr htarget(struct hgen *h)
{
	switch (hrand(h) % 8) {
	case 0: return 062 + (addr)(hrand(h) % (H_CODE_LO - 062));
	case 1: return (addr)(0200000 + hrand(h) % 0600000);
	default: return (addr)(H_CODE_HI + 1 + hrand(h) % (0200000 - H_CODE_HI - 1));
	}
}

/* A loop that SETOMs (or, with fill, MOVEMs AC 2 into) every address from 20
 * to top-1 except lo..hi (the program, in the space the loop runs in). */
static void hsweep(struct hgen *h, addr lo, addr hi, int fill, word top)
{
	hemit(h, HW(0201, 5, 0, 0, lo));              /* MOVEI 5,lo */
	hemit(h, HW(0201, 6, 0, 0, hi));              /* MOVEI 6,hi */
	hemit(h, HW(0201, 1, 0, 0, 020));             /* MOVEI 1,20 */
	addr loop = hemit(h, HW(0315, 1, 0, 0, 5));   /* CAMGE 1,5 */
	hemit(h, HW(0254, 0, 0, 0, h->pc + 3));       /* JRST store: below the program */
	hemit(h, HW(0317, 1, 0, 0, 6));               /* CAMG 1,6 */
	hemit(h, HW(0254, 0, 0, 0, h->pc + 2));       /* JRST next: in the program */
	hemit(h, fill ? HW(0202, 2, 0, 1, 0) : HW(0476, 0, 0, 1, 0));   /* MOVEM 2,(1) / SETOM (1) */
	hemit(h, HW(0271, 1, 0, 0, 1));               /* next: ADDI 1,1 */
	if (top == 01000000) {
		hemit(h, HW(0603, 1, 0, 0, 1));       /* TLNE 1,1: skip unless 1000000 */
	} else {
		hemit(h, HW(0305, 1, 0, 0, (addr)top)); /* CAIGE 1,top */
	}
	hemit(h, HW(0254, 0, 0, 0, h->pc + 2));
	hemit(h, HW(0254, 0, 0, 0, loop));
}

/*
 * The hostile guest (64K): SETOMs every address it can in exec mode; in user
 * mode with the widest relocation (PL = PH = 377, the high segment over the
 * upper half of its memory and beyond); in user mode relocated by 376K (the
 * user space wraps around real memory); refills its memory with MUUOs; then,
 * from a driver that every trap, interrupt and stray jump leads back to (exec
 * 41, 61, 42-57 and all its memory lead there), executes every opcode 000-777
 * twice with random AC and E in exec mode and in user mode, every I/O function
 * on every device in exec mode, DATAO APR with random and maximal relocation
 * followed by user code, JEN, JRST 10, JRSTF and JRST 1 in exec mode; and at
 * last loops forever, so that its budget ends it.  H_IDX counts the slots run.
 */
static struct image *hostile_image(uint64_t seed, addr *final_pc, unsigned *nslots)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	static word w[0200000];
	memset(w, 0, sizeof w);
	struct hgen hs = { .s = seed, .w = w }, *h = &hs;
	static addr slots[4000];
	unsigned ns = 0;

	/* Constants at 1000-1077. */
	const addr MAXAPR = 01000, WRAPAPR = 01001, STDAPR = 01002, FILLW = 01003,
		   JSR2 = 01004, JSR3 = 01005, JSRU = 01006, JSRI = 01007, FLAGW = 01010, ACTAB = 01020;
	w[MAXAPR] = (word)0377 << 28 | (word)0377 << 19 | (word)0240 << 1;
	w[WRAPAPR] = (word)0377 << 28 | (word)0376 << 10;
	w[STDAPR] = (word)0377 << 28;
	w[FILLW] = H_FILL;
	for (unsigned a = 0; a < 017; a++)
		w[ACTAB + a] = (word)(a + 1) << 18 | (040000 + 0100 * a);
	h->pc = 01100;
	addr start = h->pc;

	/* 1. exec sweep */
	hsweep(h, H_CODE_LO, H_CODE_HI, 0, 01000000);
	/* 2. user sweep, widest relocation; its CALLI comes back through 41 */
	hemit(h, HIO(0, 3, MAXAPR));
	hemit(h, HW(0200, 2, 0, 0, JSR2));
	hemit(h, HW(0202, 2, 0, 0, 041));
	hemit(h, HW(0254, 1, 0, 0, h->pc + 1));         /* JRST 1,.+1 */
	hsweep(h, H_CODE_LO, H_CODE_HI, 0, 01000000);
	hemit(h, H_FILL);
	w[JSR2] = HW(0264, 0, 0, 0, hemit(h, 0));
	/* 3. user sweep relocated by 376K: user a is real a-4000 */
	hemit(h, HIO(0, 3, WRAPAPR));
	hemit(h, HW(0200, 2, 0, 0, JSR3));
	hemit(h, HW(0202, 2, 0, 0, 041));
	hemit(h, HW(0254, 1, 0, 0, h->pc + 1 + 04000));
	hsweep(h, H_CODE_LO, H_CODE_HI + 04000, 0, 01000000);
	hemit(h, H_FILL);
	w[JSR3] = HW(0264, 0, 0, 0, hemit(h, 0));
	/* 4. refill 20-177777 with MUUOs; 41 and 61 JSR uuoh, 42-57 JSR inth */
	hemit(h, HW(0200, 2, 0, 0, FILLW));
	hsweep(h, H_CODE_LO, H_CODE_HI, 1, 0200000);
	hemit(h, HW(0200, 2, 0, 0, JSRU));
	hemit(h, HW(0202, 2, 0, 0, 041));
	hemit(h, HW(0202, 2, 0, 0, 061));
	hemit(h, HW(0200, 2, 0, 0, JSRI));
	hemit(h, HW(0201, 1, 0, 0, 042));
	addr vl = hemit(h, HW(0202, 2, 0, 1, 0));
	hemit(h, HW(0271, 1, 0, 0, 1));
	hemit(h, HW(0305, 1, 0, 0, 060));               /* CAIGE 1,60 */
	hemit(h, HW(0254, 0, 0, 0, vl));
	hemit(h, HW(0402, 0, 0, 0, H_IDX));             /* SETZM IDX */
	addr jr0 = hemit(h, 0);                         /* JRST recov0 */
	addr uuoh = hemit(h, 0);
	addr jru = hemit(h, 0);
	addr inth = hemit(h, 0);
	addr jri = hemit(h, 0);
	w[JSRU] = HW(0264, 0, 0, 0, uuoh);
	w[JSRI] = HW(0264, 0, 0, 0, inth);
	addr recov = hemit(h, HW(0350, 0, 0, 0, H_IDX)); /* recov: AOS IDX */
	w[jru] = w[jri] = HW(0254, 0, 0, 0, recov);
	addr recov0 = hemit(h, HIO(4, 4, 010000));      /* CONO PI,10000: clear it */
	w[jr0] = HW(0254, 0, 0, 0, recov0);
	hemit(h, HW(0254, 2, 1, 0, FLAGW));              /* JRSTF @FLAGW: flags 0 (no USERIO) */
	w[FLAGW] = h->pc;
	hemit(h, HIO(0, 4, 0433551));                   /* CONO APR: clear flags, clock on, PIA 1 */
	hemit(h, HIO(0120, 4, 01200));                  /* CONO TTY: clear flags, PIA 0 */
	hemit(h, HIO(4, 4, 02377));                     /* CONO PI,2377: on, all levels */
	hemit(h, HIO(0, 3, STDAPR));                    /* user = real, 0-377777 */
	hemit(h, HW(0515, 016, 0, 0, ACTAB));           /* HRLZI 16,ACTAB */
	hemit(h, HW(0251, 016, 0, 0, 016));             /* BLT 16,16 */
	hemit(h, HW(0200, 017, 0, 0, H_IDX));
	addr cmp = hemit(h, 0);                         /* CAIL 17,ns */
	addr jfin = hemit(h, 0);                        /* JRST final */
	hemit(h, HW(0254, 0, 1, 017, H_TAB));           /* JRST @TAB(17) */

	/* 5. the slots: each ends in MUUOs, so it comes back through 41 */
	for (int user = 0; user < 2; user++)
		for (unsigned op = 0; op < 01000; op++)
			for (int k = 0; k < 2; k++) {
				unsigned ac = (unsigned)(hrand(h) % 020);
				if (!user && op == 0254)
					ac &= ~4u;              /* no HALT in exec mode: the budget ends it */
				addr e = op == 0251 ? 062 + (addr)(hrand(h) % 0100) : htarget(h);
				slots[ns++] = h->pc;
				if (user)
					hemit(h, HW(0254, 1, 0, 0, h->pc + 1));   /* JRST 1,.+1 */
				if (op == 0254 && (ac & 4)) {
					/* HALT (in user mode: it traps) from an AC, so that no
					 * HALT word lies in memory for stray exec code to run */
					hemit(h, HW(0205, 3, 0, 0, (addr)(HW(op, ac, 0, 0, 0) >> 18)));
					hemit(h, HW(0256, 0, 0, 0, 3));           /* XCT 3 */
				} else {
					hemit(h, HW(op, ac, 0, 0, e));
				}
				hemit(h, H_FILL);
				hemit(h, H_FILL);
			}
	for (unsigned dev = 0; dev < 01000; dev += 4)   /* every device, every function */
		for (unsigned fn = 0; fn < 8; fn++) {
			slots[ns++] = h->pc;
			hemit(h, HIO(dev, fn, fn == 4 ? (addr)(hrand(h) & 0377777) : htarget(h)));
			hemit(h, H_FILL);
			hemit(h, H_FILL);
		}
	for (unsigned k = 0; k < 64; k++) {             /* DATAO APR, then user code */
		slots[ns++] = h->pc;
		word apr = k < 8 ? w[MAXAPR] | (word)(hrand(h) & 0377) << 10 : hrand(h) & W_MASK;
		int jrstf = k % 3 == 2;
		addr at = h->pc;
		hemit(h, HW(0200, 2, 0, 0, at + 4));                      /* MOVE 2,apr */
		hemit(h, HIO(0, 3, 2));                                   /* DATAO APR,2 */
		hemit(h, HW(0254, jrstf ? 2 : 1, jrstf, 0, jrstf ? at + 5 : htarget(h)));
		hemit(h, H_FILL);
		hemit(h, apr);
		hemit(h, XWD(F_USER | (k & 1 ? F_USERIO : 0), htarget(h)));
	}
	for (unsigned k = 0; k < 16; k++) {             /* JEN, JRST 10, JRSTF, JRST 1 in exec */
		slots[ns++] = h->pc;
		unsigned ac = k % 4 == 0 ? 012 : k % 4 == 1 ? 010 : k % 4 == 2 ? 2 : 1;
		addr at = h->pc;
		hemit(h, HW(0254, ac, ac & 2 ? 1 : 0, 0, ac & 2 ? at + 3 : htarget(h)));
		hemit(h, H_FILL);
		hemit(h, H_FILL);
		hemit(h, XWD((addr)(hrand(h) & 0777740), htarget(h)));
	}
	cr_assert_leq(ns, sizeof slots / sizeof *slots);
	addr fin = hemit(h, 0);
	w[fin] = HW(0254, 0, 0, 0, fin);                /* final: JRST . */
	w[cmp] = HW(0301, 017, 0, 0, ns);
	w[jfin] = HW(0254, 0, 0, 0, fin);
	cr_assert_leq(H_TAB + ns, H_CODE_HI);

	for (addr a = H_CODE_LO; a < h->pc; a++)
		image_set(img, a, w[a]);
	image_set(img, H_IDX, 0);
	for (unsigned i = 0; i < ns; i++)
		image_set(img, H_TAB + i, slots[i]);
	img->start = start;
	img->has_start = 1;
	*final_pc = fin;
	*nslots = ns;
	return img;
}

#define H_BUDGET 12000000u

/* The hostile guest alone on the bare machine reaches its final loop: it did
 * run every slot (the budget, not a crash or a halt, ends it). */
Test(vmm_isolation, hostile_runs_everything)
{
	addr fin;
	unsigned ns;
	struct image *img = hostile_image(1, &fin, &ns);
	if (getenv("HOSTILE_SAV")) {
		char err[256];
		cr_assert_eq(sav_write(getenv("HOSTILE_SAV"), img, err, sizeof err), 0, "%s", err);
	}
	struct out o;
	run_bare(img, 64, H_BUDGET, NULL, 0, &o);
	cr_expect_eq(o.stop, STOP_BUDGET, "stop %d", o.stop);
	cr_expect_eq(o.pc, fin, "ended at %06o, not its final loop %06o", o.pc, fin);
	cr_expect_geq(o.mem[H_IDX], ns, "ran %llu of %u slots", (unsigned long long)o.mem[H_IDX], ns);
	cr_log_info("hostile: %u slots, %llu insns", ns, (unsigned long long)o.insns);
	out_free(&o);
	image_free(img);
}

/* Two VMs at once, one hostile: the good one ends exactly as alone on the bare
 * machine (all its memory and ACs, PC, flags, counts, output), and real memory
 * outside both VMs is untouched; in both orders of allocation. */
static void isolation(enum vmm_mode mode, int use_bt, const struct image *good)
{
	addr fin;
	unsigned ns;
	struct image *bad = hostile_image(2, &fin, &ns);
	struct out alone;
	run_bare(good, 64, BUDGET, NULL, 0, &alone);
	cr_assert_eq(alone.stop, STOP_HALT);
	for (int order = 0; order < 2; order++) {
		struct guest g[2] = { { good, 64, BUDGET, NULL }, { bad, 64, H_BUDGET, NULL } };
		if (order)
			g[0] = (struct guest){ bad, 64, H_BUDGET, NULL }, g[1] = (struct guest){ good, 64, BUDGET, NULL };
		struct out o[2];
		int outside_ok;
		addr base[2];
		run_vmm(mode, use_bt, 256, g, 2, o, &outside_ok, base);
		int gi = order, hi = !order;
		char what[96];
		snprintf(what, sizeof what, "%s %s, good VM at %06o, hostile at %06o",
			 mode == VMM_TRAP ? "trap" : "hybrid", use_bt ? "bt" : "interp", base[gi], base[hi]);
		cr_expect_eq(differ(what, &alone, &o[gi]), 0, "%s: the good VM differs from bare", what);
		cr_expect(outside_ok, "%s: real memory outside the VMs was written", what);
		/* The trap-only monitor runs the hostile guest's exec code wrongly (JRST 1
		 * and JRSTF leak), so there it may halt; the hybrid one runs it right. */
		if (mode == VMM_HYBRID)
			cr_expect_eq(o[hi].stop, STOP_BUDGET, "%s: the hostile VM stopped by %d", what, o[hi].stop);
		cr_log_info("%s: hostile ran %llu of %u slots; traps %llu callouts %llu", what,
			    (unsigned long long)o[hi].mem[H_IDX], ns, (unsigned long long)o[hi].st.traps,
			    (unsigned long long)o[hi].st.callouts);
		out_free(&o[0]);
		out_free(&o[1]);
	}
	out_free(&alone);
	image_free(bad);
}

Test(vmm_isolation, hybrid_bt) { struct image *i = assemble_text(good_src); isolation(VMM_HYBRID, 1, i); image_free(i); }
Test(vmm_isolation, hybrid_interp) { struct image *i = assemble_text(good_src); isolation(VMM_HYBRID, 0, i); image_free(i); }
Test(vmm_isolation, trap_bt) { struct image *i = assemble_text(good_src); isolation(VMM_TRAP, 1, i); image_free(i); }
Test(vmm_isolation, trap_interp) { struct image *i = assemble_text(good_src); isolation(VMM_TRAP, 0, i); image_free(i); }
Test(vmm_isolation, hybrid_bt_sieve) { struct image *i = assemble_file("guests/sieve.mac"); isolation(VMM_HYBRID, 1, i); image_free(i); }
Test(vmm_isolation, hybrid_interp_sieve) { struct image *i = assemble_file("guests/sieve.mac"); isolation(VMM_HYBRID, 0, i); image_free(i); }

/* ---- (b) hybrid equals bare on every guest ---- */

static const char echo_in[] = "Hello, PDP-10!\nabc xyz {|} 0123\n\004not read";

Test(vmm_guests, hybrid_equals_bare, .timeout = 600)
{
	DIR *d = opendir("guests");
	cr_assert_not_null(d, "run from the source root");
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".mac"))
			continue;
		char path[512];
		snprintf(path, sizeof path, "guests/%s", e->d_name);
		const char *in = !strcmp(e->d_name, "echo.mac") ? echo_in : NULL;
		struct image *img = assemble_file(path);
		struct out bare;
		run_bare(img, 256, BUDGET, in, 0, &bare);
		for (int bt = 0; bt < 2; bt++) {
			struct guest g = { img, 256, BUDGET, in };
			struct out o;
			run_vmm(VMM_HYBRID, bt, 256, &g, 1, &o, NULL, NULL);
			char what[600];
			snprintf(what, sizeof what, "%s hybrid %s", path, bt ? "bt" : "interp");
			cr_expect_eq(differ(what, &bare, &o), 0, "%s differs from bare", what);
			out_free(&o);
		}
		out_free(&bare);
		image_free(img);
		n++;
	}
	closedir(d);
	cr_expect_geq(n, 10, "only %d guests found", n);
}

/* ---- (c) trap mode: wrong where the guest uses critical instructions ---- */

static void trap_vs_bare(const char *path, int want_equal)
{
	struct image *img = assemble_file(path);
	struct out bare;
	run_bare(img, 256, BUDGET, NULL, 0, &bare);
	for (int bt = 0; bt < 2; bt++) {
		struct guest g = { img, 256, BUDGET, NULL };
		struct out o;
		run_vmm(VMM_TRAP, bt, 256, &g, 1, &o, NULL, NULL);
		char what[600];
		snprintf(what, sizeof what, "%s trap %s", path, bt ? "bt" : "interp");
		int n = 0;
		if (want_equal) {
			n = differ(what, &bare, &o);
			cr_expect_eq(n, 0, "%s differs from bare", what);
		} else {
			cr_expect(bare.pc != o.pc || bare.insns != o.insns || bare.ttylen != o.ttylen ||
				  memcmp(bare.tty, o.tty, bare.ttylen) || memcmp(bare.mem, o.mem, bare.size * sizeof(word)),
				  "%s: equals bare, but the trap-only monitor must leak here", what);
		}
		out_free(&o);
	}
	out_free(&bare);
	image_free(img);
}

Test(vmm_trap, diverges_on_modeleak) { trap_vs_bare("guests/modeleak.mac", 0); }
Test(vmm_trap, diverges_on_userjob) { trap_vs_bare("guests/userjob.mac", 0); }
Test(vmm_trap, equals_bare_on_hello) { trap_vs_bare("guests/hello.mac", 1); }

/* ---- (d) VMM entries ---- */

Test(vmm_entries, hello)
{
	struct image *img = assemble_file("guests/hello.mac");
	for (int bt = 0; bt < 2; bt++) {
		struct guest g = { img, 256, BUDGET, NULL };
		struct out o;
		run_vmm(VMM_HYBRID, bt, 256, &g, 1, &o, NULL, NULL);
		cr_expect_gt(o.st.callouts, 0, "hybrid %d: no callouts", bt);
		cr_expect_eq(o.st.traps, 0, "hybrid %d: %llu traps", bt, (unsigned long long)o.st.traps);
		out_free(&o);
		run_vmm(VMM_TRAP, bt, 256, &g, 1, &o, NULL, NULL);
		cr_expect_gt(o.st.traps, 0, "trap %d: no traps", bt);
		cr_expect_eq(o.st.callouts, 0, "trap %d: %llu callouts", bt, (unsigned long long)o.st.callouts);
		out_free(&o);
	}
	image_free(img);
}
