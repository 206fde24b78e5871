/* emit.h — typed x86-64 emit helpers over the Zydis encoder, with forward labels. */
#ifndef TENVM_EMIT_H
#define TENVM_EMIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <Zydis/Zydis.h>

#define EMIT_MAX_LABELS 512
#define EMIT_MAX_FIXUPS 512

typedef ZydisRegister  ereg;
typedef ZydisMnemonic  emn;

/*
 * An emitter writes instructions into buf, which will run at address rx
 * (the executable view of the same bytes).  Any failure (no room, an
 * instruction Zydis refuses, too many labels) sets failed; what was emitted
 * is then garbage and the caller must not run it.
 */
struct emit {
	uint8_t  *buf;
	uintptr_t rx;
	size_t    pos, cap;
	int       failed;
	unsigned  nlabels, nfix;
	long      label[EMIT_MAX_LABELS];        /* position, or -1 until bound */
	struct { size_t pos; emn mn; unsigned label; } fix[EMIT_MAX_FIXUPS];
};

void emit_init(struct emit *e, uint8_t *buf, uintptr_t rx, size_t cap);
/* Resolve every jump to a label; 0 if all is well, -1 if e failed. */
int emit_finish(struct emit *e);

void emit_mov_rr(struct emit *e, ereg dst, ereg src);                      /* dst := src (64 bits) */
void emit_mov_ri(struct emit *e, ereg dst, uint64_t imm);                  /* dst := imm */
void emit_load(struct emit *e, ereg dst, ereg base, int32_t disp);         /* dst := qword [base+disp] */
void emit_store(struct emit *e, ereg base, int32_t disp, ereg src);        /* qword [base+disp] := src */
void emit_store32(struct emit *e, ereg base, int32_t disp, ereg src);      /* dword [base+disp] := src (32 bits) */
void emit_load32(struct emit *e, ereg dst, ereg base, int32_t disp);       /* dst (32 bits) := dword [base+disp] */
void emit_load_x8(struct emit *e, ereg dst, ereg base, ereg index);        /* dst := qword [base+index*8] */
void emit_store_x8(struct emit *e, ereg base, ereg index, ereg src);       /* qword [base+index*8] := src */
void emit_cmp_byte_idx(struct emit *e, ereg base, ereg index, int32_t imm);  /* cmp byte [base+index], imm */
/* [base+disp] := imm (sign-extended to `size` bytes, 4 or 8). */
void emit_store_i(struct emit *e, ereg base, int32_t disp, unsigned size, int32_t imm);
void emit_alu_rr(struct emit *e, emn op, ereg dst, ereg src);              /* dst op= src */
void emit_alu_rm32(struct emit *e, emn op, ereg dst, ereg base, int32_t disp);  /* dst op= dword [base+disp] */
void emit_alu_rm(struct emit *e, emn op, ereg dst, ereg base, int32_t disp);  /* dst op= qword [base+disp] */
/* [base+disp] op= src on `size` bytes (4 or 8, src's width). */
void emit_alu_mr(struct emit *e, emn op, ereg base, int32_t disp, unsigned size, ereg src);
void emit_rorx(struct emit *e, ereg dst, ereg src, unsigned imm);     /* dst := src rotated right (BMI2) */
void emit_alu_ri(struct emit *e, emn op, ereg dst, int32_t imm);           /* dst op= imm (and shifts) */
/* [base+disp] op= imm on `size` bytes (1, 4 or 8): cmp, add, or. */
void emit_alu_mi(struct emit *e, emn op, ereg base, int32_t disp, unsigned size, int32_t imm);
void emit_lea(struct emit *e, ereg dst, ereg base, ereg index, int32_t disp);  /* dst := base+index+disp */
void emit_op_r(struct emit *e, emn op, ereg r);                            /* push, pop, call, jmp r */
void emit_op0(struct emit *e, emn op);                                     /* ret */

unsigned emit_label(struct emit *e);                 /* a new unbound label */
void emit_bind(struct emit *e, unsigned l);          /* it is here */
void emit_jcc(struct emit *e, emn op, unsigned l);   /* jmp or jcc (rel32) to a label */
void emit_jmp_abs(struct emit *e, emn op, uintptr_t target);  /* jmp/jcc/call rel32 to an address */

/* Print the host code at code[0..n), which runs at address rx, one
 * instruction a line with the given indent. */
void emit_dump(FILE *f, const uint8_t *code, size_t n, uintptr_t rx, const char *indent);

#endif
