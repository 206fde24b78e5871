/* emit.c — typed x86-64 emit helpers: each builds one Zydis encoder request. */
#include <string.h>
#include "emit.h"

void emit_init(struct emit *e, uint8_t *buf, uintptr_t rx, size_t cap)
{
	e->buf = buf;
	e->rx = rx;
	e->pos = 0;
	e->cap = cap;
	e->failed = 0;
	e->nlabels = e->nfix = 0;
}

static ZydisEncoderOperand R(ereg r)
{
	ZydisEncoderOperand o;
	memset(&o, 0, sizeof o);
	o.type = ZYDIS_OPERAND_TYPE_REGISTER;
	o.reg.value = r;
	return o;
}

static ZydisEncoderOperand MS(ereg base, ereg index, unsigned scale, int32_t disp, unsigned size)
{
	ZydisEncoderOperand o;
	memset(&o, 0, sizeof o);
	o.type = ZYDIS_OPERAND_TYPE_MEMORY;
	o.mem.base = base;
	o.mem.index = index;
	o.mem.scale = index == ZYDIS_REGISTER_NONE ? 0 : (ZyanU8)scale;
	o.mem.displacement = disp;
	o.mem.size = (ZyanU16)size;
	return o;
}

static ZydisEncoderOperand M(ereg base, ereg index, int32_t disp, unsigned size)
{
	return MS(base, index, 1, disp, size);
}

static ZydisEncoderOperand I(int64_t v)
{
	ZydisEncoderOperand o;
	memset(&o, 0, sizeof o);
	o.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
	o.imm.s = v;
	return o;
}

static const ZydisEncoderOperand NONE;

/* Encode one instruction at position pos (a branch's immediate is its absolute target). */
static size_t encode3(struct emit *e, size_t pos, emn op, int branch, unsigned n,
		      ZydisEncoderOperand a, ZydisEncoderOperand b, ZydisEncoderOperand c)
{
	ZydisEncoderRequest q;
	memset(&q, 0, sizeof q);
	q.machine_mode = ZYDIS_MACHINE_MODE_LONG_64;
	q.mnemonic = op;
	q.operand_count = (ZyanU8)n;
	q.operands[0] = a;
	q.operands[1] = b;
	q.operands[2] = c;
	if (branch) {
		q.branch_type = ZYDIS_BRANCH_TYPE_NEAR;
		q.branch_width = ZYDIS_BRANCH_WIDTH_32;
	}
	uint8_t tmp[ZYDIS_MAX_INSTRUCTION_LENGTH];
	ZyanUSize len = sizeof tmp;
	if (e->failed || !ZYAN_SUCCESS(ZydisEncoderEncodeInstructionAbsolute(&q, tmp, &len, e->rx + pos)) ||
	    pos + len > e->cap) {
		e->failed = 1;
		return 0;
	}
	memcpy(e->buf + pos, tmp, len);
	return len;
}
static size_t encode_at(struct emit *e, size_t pos, emn op, int branch, unsigned n,
			ZydisEncoderOperand a, ZydisEncoderOperand b)
{
	return encode3(e, pos, op, branch, n, a, b, NONE);
}

static void put(struct emit *e, emn op, unsigned n, ZydisEncoderOperand a, ZydisEncoderOperand b)
{
	e->pos += encode_at(e, e->pos, op, 0, n, a, b);
}


void emit_mov_rr(struct emit *e, ereg dst, ereg src) { put(e, ZYDIS_MNEMONIC_MOV, 2, R(dst), R(src)); }
void emit_mov_ri(struct emit *e, ereg dst, uint64_t imm) { put(e, ZYDIS_MNEMONIC_MOV, 2, R(dst), I((int64_t)imm)); }
void emit_load(struct emit *e, ereg dst, ereg base, int32_t disp)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, R(dst), M(base, ZYDIS_REGISTER_NONE, disp, 8));
}
void emit_store(struct emit *e, ereg base, int32_t disp, ereg src)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, M(base, ZYDIS_REGISTER_NONE, disp, 8), R(src));
}
void emit_store_i(struct emit *e, ereg base, int32_t disp, unsigned size, int32_t imm)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, M(base, ZYDIS_REGISTER_NONE, disp, size), I(imm));
}
void emit_store32(struct emit *e, ereg base, int32_t disp, ereg src)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, M(base, ZYDIS_REGISTER_NONE, disp, 4), R(src));
}
void emit_load32(struct emit *e, ereg dst, ereg base, int32_t disp)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, R(dst), M(base, ZYDIS_REGISTER_NONE, disp, 4));
}
void emit_load_x8(struct emit *e, ereg dst, ereg base, ereg index)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, R(dst), MS(base, index, 8, 0, 8));
}
void emit_store_x8(struct emit *e, ereg base, ereg index, ereg src)
{
	put(e, ZYDIS_MNEMONIC_MOV, 2, MS(base, index, 8, 0, 8), R(src));
}
void emit_cmp_byte_idx(struct emit *e, ereg base, ereg index, int32_t imm)
{
	put(e, ZYDIS_MNEMONIC_CMP, 2, MS(base, index, 1, 0, 1), I(imm));
}
void emit_alu_rr(struct emit *e, emn op, ereg dst, ereg src) { put(e, op, 2, R(dst), R(src)); }
void emit_alu_rm(struct emit *e, emn op, ereg dst, ereg base, int32_t disp)
{
	put(e, op, 2, R(dst), M(base, ZYDIS_REGISTER_NONE, disp, 8));
}
void emit_alu_ri(struct emit *e, emn op, ereg dst, int32_t imm) { put(e, op, 2, R(dst), I(imm)); }
void emit_alu_mi(struct emit *e, emn op, ereg base, int32_t disp, unsigned size, int32_t imm)
{
	put(e, op, 2, M(base, ZYDIS_REGISTER_NONE, disp, size), I(imm));
}
void emit_lea(struct emit *e, ereg dst, ereg base, ereg index, int32_t disp)
{
	put(e, ZYDIS_MNEMONIC_LEA, 2, R(dst), M(base, index, disp, 8));
}
void emit_op_r(struct emit *e, emn op, ereg r) { put(e, op, 1, R(r), NONE); }
void emit_op0(struct emit *e, emn op) { put(e, op, 0, NONE, NONE); }

unsigned emit_label(struct emit *e)
{
	if (e->nlabels == EMIT_MAX_LABELS) {
		e->failed = 1;
		return 0;
	}
	e->label[e->nlabels] = -1;
	return e->nlabels++;
}

void emit_bind(struct emit *e, unsigned l)
{
	if (l < e->nlabels)
		e->label[l] = (long)e->pos;
}

void emit_jcc(struct emit *e, emn op, unsigned l)
{
	if (e->nfix == EMIT_MAX_FIXUPS) {
		e->failed = 1;
		return;
	}
	e->fix[e->nfix].pos = e->pos;
	e->fix[e->nfix].mn = op;
	e->fix[e->nfix].label = l;
	e->nfix++;
	e->pos += encode_at(e, e->pos, op, 1, 1, I((int64_t)(e->rx + e->pos)), NONE);
}

void emit_jmp_abs(struct emit *e, emn op, uintptr_t target)
{
	e->pos += encode_at(e, e->pos, op, 1, 1, I((int64_t)target), NONE);
}

int emit_finish(struct emit *e)
{
	for (unsigned i = 0; i < e->nfix && !e->failed; i++) {
		unsigned l = e->fix[i].label;
		if (l >= e->nlabels || e->label[l] < 0) {
			e->failed = 1;
			break;
		}
		/* rel32 branches keep their length: encode again in place. */
		encode_at(e, e->fix[i].pos, e->fix[i].mn, 1, 1, I((int64_t)(e->rx + (size_t)e->label[l])), NONE);
	}
	return e->failed ? -1 : 0;
}

void emit_dump(FILE *f, const uint8_t *code, size_t n, uintptr_t rx, const char *indent)
{
	ZydisDisassembledInstruction in;
	size_t off = 0;
	while (off < n && ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, rx + off,
							     code + off, n - off, &in))) {
		fprintf(f, "%s%012lx  %s\n", indent, (unsigned long)(rx + off), in.text);
		off += in.info.length;
	}
}
void emit_alu_rm32(struct emit *e, emn op, ereg dst, ereg base, int32_t disp)
{
	put(e, op, 2, R(dst), M(base, ZYDIS_REGISTER_NONE, disp, 4));
}
void emit_alu_mr(struct emit *e, emn op, ereg base, int32_t disp, unsigned size, ereg src)
{
	put(e, op, 2, M(base, ZYDIS_REGISTER_NONE, disp, size), R(src));
}
void emit_rorx(struct emit *e, ereg dst, ereg src, unsigned imm)
{
	e->pos += encode3(e, e->pos, ZYDIS_MNEMONIC_RORX, 0, 3, R(dst), R(src), I(imm));
}
