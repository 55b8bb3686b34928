/* Count-leading/trailing-zero helpers gcc calls for __builtin_clz/ctz on
 * harts without Zbb. The kernel links no libgcc (it is built for the
 * double-float ABI; Keel uses the soft-float ABI so it never touches FP). */
#include <keel/types.h>

int __clzdi2(uint64_t x);
int __ctzdi2(uint64_t x);
int __clzsi2(uint32_t x);
int __ctzsi2(uint32_t x);

int __clzdi2(uint64_t x)
{
	int n = 0;

	if (!x)
		return 64;
	for (int shift = 32; shift; shift >>= 1) {
		if (!(x >> (64 - shift))) {
			n += shift;
			x <<= shift;
		}
	}
	return n;
}

int __ctzdi2(uint64_t x)
{
	int n = 0;

	if (!x)
		return 64;
	for (int shift = 32; shift; shift >>= 1) {
		if (!(x & ((1ULL << shift) - 1))) {
			n += shift;
			x >>= shift;
		}
	}
	return n;
}

int __clzsi2(uint32_t x)
{
	return __clzdi2(x) - 32;
}

int __ctzsi2(uint32_t x)
{
	return x ? __ctzdi2(x) : 32;
}
