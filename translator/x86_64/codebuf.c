/* codebuf.c — W^X memory for host code: a memfd mapped once writable and once executable. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>
#include "codebuf.h"
#ifdef TENVM_VALGRIND
#include <valgrind/valgrind.h>
#endif

int codebuf_init(struct codebuf *cb, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	size = (size + (size_t)page - 1) & ~((size_t)page - 1);
	cb->rw = cb->rx = NULL;
	cb->size = cb->used = 0;
	int fd = memfd_create("tenvm-code", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) < 0)
		goto fail;
	void *rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (rw == MAP_FAILED)
		goto fail;
	void *rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	if (rx == MAP_FAILED) {
		int e = errno;
		munmap(rw, size);
		errno = e;
		goto fail;
	}
	close(fd);
	cb->rw = rw;
	cb->rx = rx;
	cb->size = size;
	return 0;
fail:;
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

void codebuf_free(struct codebuf *cb)
{
	if (cb->rw) {
		munmap(cb->rw, cb->size);
		munmap(cb->rx, cb->size);
	}
	cb->rw = cb->rx = NULL;
}

long codebuf_take(struct codebuf *cb, size_t n)
{
	if (n > cb->size - cb->used)
		return -1;
	long off = (long)cb->used;
	cb->used += n;
	return off;
}

void codebuf_trim(struct codebuf *cb, long off, size_t keep)
{
	cb->used = (size_t)off + keep;
}

void codebuf_wrote(struct codebuf *cb, size_t off, size_t n)
{
#ifdef TENVM_VALGRIND
	VALGRIND_DISCARD_TRANSLATIONS(cb->rx + off, n);
#else
	(void)cb, (void)off, (void)n;
#endif
}
