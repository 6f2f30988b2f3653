/*
 * Ferrite's ESP32-C6 second-stage bootloader. UNTESTED ON SILICON: written from the ESP32-C6
 * Technical Reference Manual and ESP-IDF's published register and ROM tables; it has only been
 * compiled and linked. What it does, in order:
 *   1. turns off the watchdogs the ROM armed for the boot (ROM disable_default_watchdog);
 *   2. reads the partition table at flash 0x8000 and finds the factory app (else 0x10000);
 *   3. walks the app image: checks magic and chip id, copies RAM segments into SRAM with the
 *      ROM's SPI flash read, and remembers the flash-mapped ones; verifies the XOR checksum
 *      (the appended SHA-256 is not checked here yet);
 *   4. programs the cache MMU (SPI0 MMU item registers, 64 KiB pages) so each flash-mapped
 *      segment appears at its link address, invalidates the cache;
 *   5. jumps to the kernel entry with a0 = ESP_HANDOFF_MAGIC, a1 = the handoff block.
 */
#include <esp_handoff.h>
#include <stdint.h>

/* ESP32-C6 ROM entry points (ESP-IDF components/esp_rom/esp32c6/ld/esp32c6.rom.ld). */
#define ROM_DISABLE_DEFAULT_WATCHDOG 0x400000a0u
#define ROM_SPIFLASH_READ 0x40000150u
#define ROM_CACHE_INVALIDATE_ICACHE_ALL 0x4000064cu
#define ROM_CACHE_SUSPEND_ICACHE 0x40000698u
#define ROM_CACHE_RESUME_ICACHE 0x4000069cu

/* Cache MMU: SPI0 (0x60002000) MMU item index/content registers; entry n maps the 64 KiB page
 * at 0x42000000 + n * 64 KiB; content = flash page number | valid (bit 9). */
#define SPI0_BASE 0x60002000u
#define MMU_ITEM_CONTENT (SPI0_BASE + 0x37cu)
#define MMU_ITEM_INDEX (SPI0_BASE + 0x380u)
#define MMU_VALID (1u << 9)
#define MMU_ENTRIES 256u
#define MMU_PAGE 0x10000u
#define FLASH_MAP_BASE 0x42000000u
#define FLASH_MAP_END 0x43000000u

#define UART0_FIFO 0x60000000u
#define UART0_STATUS 0x6000001cu

#define SRAM_BASE 0x40800000u
#define SRAM_SIZE 0x80000u
#define LOADER_BASE 0x40870000u
#define LOADER_END 0x4087c000u
#define ROM_DATA_BASE 0x4087c610u /* ROM stack, then ROM .bss/.data, to the end of SRAM */
#define FLASH_SIZE 0x400000u
#define PARTTABLE_AT 0x8000u
#define DEFAULT_APP_AT 0x10000u

#ifndef LOADER_CMDLINE
#define LOADER_CMDLINE ""
#endif

typedef void (*rom_void_fn)(void);
typedef int (*rom_read_fn)(uint32_t src, uint32_t *dst, int32_t len);
typedef uint32_t (*rom_suspend_fn)(void);
typedef void (*rom_resume_fn)(uint32_t autoload);

static struct esp_handoff handoff;
static uint32_t buf[256];

/* Without builtins the compiler may still call these for struct copies. */
void *memset(void *d, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
	uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}
void *memcpy(void *d, const void *s, unsigned long n)
{
	uint8_t *p = d;
	const uint8_t *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

static void wr(uint32_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static uint32_t rd(uint32_t addr) { return *(volatile uint32_t *)addr; }

static void putc_uart(char c)
{
	while (((rd(UART0_STATUS) >> 16) & 0xffu) >= 127)
		;
	wr(UART0_FIFO, (uint8_t)c);
}

static void puts_uart(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_uart('\r');
		putc_uart(*s);
	}
}

static void puthex(uint32_t v)
{
	puts_uart("0x");
	for (int i = 28; i >= 0; i -= 4)
		putc_uart("0123456789abcdef"[(v >> i) & 0xf]);
}

static void fail(const char *why) __attribute__((noreturn));
static void fail(const char *why)
{
	puts_uart("ferrite-boot: ");
	puts_uart(why);
	puts_uart("; halted\n");
	for (;;)
		__asm__ volatile("wfi");
}

static void flash_read(uint32_t off, void *dst, uint32_t len)
{
	if (((rom_read_fn)ROM_SPIFLASH_READ)(off, dst, (int32_t)len) != 0)
		fail("SPI flash read failed");
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void find_app(uint32_t *at, uint32_t *size)
{
	*at = DEFAULT_APP_AT;
	*size = FLASH_SIZE - DEFAULT_APP_AT;
	flash_read(PARTTABLE_AT, buf, 0x400); /* the first 32 entries are plenty */
	const uint8_t *t = (const uint8_t *)buf;
	for (unsigned i = 0; i < 32; i++, t += 32) {
		if (t[0] != 0xaa || t[1] != 0x50)
			break;
		if (t[2] == 0 && t[3] == 0) { /* app, factory */
			*at = le32(t + 4);
			*size = le32(t + 8);
			return;
		}
	}
	puts_uart("ferrite-boot: no factory app in the partition table, trying 0x10000\n");
}

struct mapping {
	uint32_t vaddr, flash_off, len;
};

void loader_main(void)
{
	((rom_void_fn)ROM_DISABLE_DEFAULT_WATCHDOG)();
	puts_uart("\nferrite-boot: ESP32-C6 second stage\n");

	uint32_t app_at, app_room;
	find_app(&app_at, &app_room);
	if (app_at % MMU_PAGE)
		fail("the app partition is not 64 KiB aligned");

	uint8_t hdr[24];
	flash_read(app_at, (uint32_t *)hdr, sizeof hdr);
	if (hdr[0] != 0xe9)
		fail("no app image (bad magic)");
	if ((hdr[12] | hdr[13] << 8) != 0x000d)
		fail("app image is not for the ESP32-C6");
	unsigned nseg = hdr[1];
	uint32_t entry = le32(hdr + 4);
	struct mapping maps[16];
	unsigned nmaps = 0;
	uint8_t sum = 0xef;
	uint32_t pos = 24;

	for (unsigned i = 0; i < nseg && i < 16; i++) {
		uint32_t sh[2];
		flash_read(app_at + pos, sh, 8);
		uint32_t addr = sh[0], len = sh[1];
		pos += 8;
		if (len > app_room - pos || len % 4)
			fail("segment runs past the app partition");
		if (addr >= SRAM_BASE && addr < SRAM_BASE + SRAM_SIZE) {
			if (addr + len > LOADER_BASE)
				fail("RAM segment would overwrite the bootloader");
			flash_read(app_at + pos, (uint32_t *)addr, len);
			for (uint32_t j = 0; j < len; j++)
				sum ^= ((const uint8_t *)addr)[j];
		} else {
			if (addr >= FLASH_MAP_BASE && addr < FLASH_MAP_END) {
				if ((app_at + pos) % MMU_PAGE != addr % MMU_PAGE)
					fail("flash segment is not aligned to its MMU page");
				maps[nmaps++] = (struct mapping){ addr, app_at + pos, len };
			} else if (addr != 0) {
				fail("segment outside SRAM and the flash window");
			}
			for (uint32_t j = 0; j < len; j += sizeof buf) {
				uint32_t n = len - j < sizeof buf ? len - j : sizeof buf;
				flash_read(app_at + pos + j, buf, n);
				for (uint32_t k = 0; k < n; k++)
					sum ^= ((const uint8_t *)buf)[k];
			}
		}
		pos += len;
	}
	pos = (pos | 15u);
	uint32_t last[4];
	flash_read(app_at + (pos & ~15u), last, 16);
	if (((const uint8_t *)last)[15] != sum)
		fail("app image checksum mismatch");

	/* Map each flash segment page by page: virtual page n -> the flash page holding it. */
	uint32_t autoload = ((rom_suspend_fn)ROM_CACHE_SUSPEND_ICACHE)();
	for (unsigned m = 0; m < nmaps; m++) {
		uint32_t v = maps[m].vaddr & ~(MMU_PAGE - 1);
		uint32_t f = maps[m].flash_off - (maps[m].vaddr - v);
		for (; v < maps[m].vaddr + maps[m].len; v += MMU_PAGE, f += MMU_PAGE) {
			wr(MMU_ITEM_INDEX, (v - FLASH_MAP_BASE) / MMU_PAGE);
			wr(MMU_ITEM_CONTENT, (f / MMU_PAGE) | MMU_VALID);
		}
	}
	((rom_void_fn)ROM_CACHE_INVALIDATE_ICACHE_ALL)();
	((rom_resume_fn)ROM_CACHE_RESUME_ICACHE)(autoload);

	handoff = (struct esp_handoff){
		.magic = ESP_HANDOFF_MAGIC,
		.version = ESP_HANDOFF_VERSION,
		.size = sizeof handoff,
		.flash_size = FLASH_SIZE,
		.app_offset = app_at,
		.app_size = (pos + 1) + 32,
		.sram_base = SRAM_BASE,
		.sram_size = SRAM_SIZE,
		.loader_base = LOADER_BASE,
		.loader_size = LOADER_END - LOADER_BASE,
		.rom_base = ROM_DATA_BASE,
		.rom_size = SRAM_BASE + SRAM_SIZE - ROM_DATA_BASE,
	};
	const char *c = LOADER_CMDLINE;
	for (unsigned i = 0; c[i] && i < ESP_HANDOFF_CMDLINE_MAX - 1; i++)
		handoff.cmdline[i] = c[i];

	puts_uart("ferrite-boot: app at ");
	puthex(app_at);
	puts_uart(", entry ");
	puthex(entry);
	puts_uart("\n");
	register uint32_t a0 __asm__("a0") = ESP_HANDOFF_MAGIC;
	register uint32_t a1 __asm__("a1") = (uint32_t)(uintptr_t)&handoff;
	__asm__ volatile("fence.i\n\tjr %2" ::"r"(a0), "r"(a1), "r"(entry) : "memory");
	for (;;)
		;
}
