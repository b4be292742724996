// SPDX-License-Identifier: GPL-2.0
/*
 * hpe-bench: the timing primitives of guest/bench.sh (benchmarks only).
 *
 *   hpe-bench write FILE STRING   one write() of STRING to FILE; prints
 *                                 "NS ERRNO" (ERRNO 0 when it worked)
 *   hpe-bench memset MIB          memset of MIB MiB of fresh anonymous
 *                                 memory, then again; prints "FIRST_NS
 *                                 AGAIN_NS" (first touch: page faults and
 *                                 zeroing included; again: the stores only)
 *   hpe-bench now                 CLOCK_MONOTONIC, in ns
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int do_write(const char *file, const char *s)
{
	long long t0, t1;
	ssize_t n;
	int fd, err = 0;

	fd = open(file, O_WRONLY);
	if (fd < 0) {
		printf("0 %d\n", errno);
		return 1;
	}
	t0 = now_ns();
	n = write(fd, s, strlen(s));
	t1 = now_ns();
	if (n < 0)
		err = errno;
	close(fd);
	printf("%lld %d\n", t1 - t0, err);
	return err != 0;
}

static int do_memset(long mib)
{
	size_t len = (size_t)mib << 20;
	long long t0, t1, t2;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	t0 = now_ns();
	memset(p, 0x5a, len);
	t1 = now_ns();
	memset(p, 0xa5, len);
	t2 = now_ns();
	/* Keep the stores: the compiler must not drop either memset. */
	if (p[len - 1] != (char)0xa5)
		return 1;
	printf("%lld %lld\n", t1 - t0, t2 - t1);
	munmap(p, len);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "memset"))
		return do_memset(atol(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%lld\n", now_ns());
		return 0;
	}
	fprintf(stderr, "usage: hpe-bench write FILE STRING | memset MIB | now\n");
	return 2;
}
