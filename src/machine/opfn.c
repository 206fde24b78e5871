/* opfn.c — every instruction's semantics as a function, made from isa.def (the translator's fallback). */
#include "ops.h"

const uint8_t cpu_no_code[MEM_MAX_WORDS];

#define I(opc, name, fam, mode, cls) \
	static void fn_##name(struct cpu *c, word ir, addr e) { (void)c; (void)ir; (void)e; op_##fam(c, ir, e, opc, M_##mode); }
#define IO(fn, name, cls)
#define A(name, opc, ac)
#include "isa.def"
#undef I

static cpu_op_fn *const table[0700] = {
#define I(opc, name, fam, mode, cls) [opc] = fn_##name,
#include "isa.def"
#undef I
#undef IO
#undef A
};

cpu_op_fn *cpu_semantics(word ir)
{
	return I_OP(ir) >= 0700 ? cpu_io : table[I_OP(ir)];
}
