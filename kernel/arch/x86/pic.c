/*
 * The legacy 8259 pair. Ferrite takes interrupts through the IOAPIC, so the PICs are only
 * remapped off the exception vectors (to VEC_PIC_BASE..+15) and masked; what still arrives from
 * them is the spurious IRQ 7 / 15 a masked 8259 can raise, which is counted, not acknowledged.
 */
#include "x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT 0x11 /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086 0x01
#define OCW3_READ_ISR 0x0b

void pic_disable(void)
{
	hal_pio_write8(PIC1_CMD, ICW1_INIT);
	hal_pio_write8(PIC2_CMD, ICW1_INIT);
	hal_pio_write8(PIC1_DATA, VEC_PIC_BASE);
	hal_pio_write8(PIC2_DATA, VEC_PIC_BASE + 8);
	hal_pio_write8(PIC1_DATA, 1u << 2); /* slave on IRQ 2 */
	hal_pio_write8(PIC2_DATA, 2);       /* slave identity */
	hal_pio_write8(PIC1_DATA, ICW4_8086);
	hal_pio_write8(PIC2_DATA, ICW4_8086);
	hal_pio_write8(PIC1_DATA, 0xff);
	hal_pio_write8(PIC2_DATA, 0xff);
}

/* Called for a vector from the PIC range. A real (non-spurious) one cannot come while masked,
 * but if it did, end it so the PIC does not stall. Returns true for a genuine spurious IRQ. */
bool pic_spurious(unsigned irq)
{
	uint16_t cmd = irq < 8 ? PIC1_CMD : PIC2_CMD;
	hal_pio_write8(cmd, OCW3_READ_ISR);
	bool in_service = hal_pio_read8(cmd) & (1u << (irq & 7));
	if (in_service) {
		if (irq >= 8)
			hal_pio_write8(PIC2_CMD, 0x20);
		hal_pio_write8(PIC1_CMD, 0x20);
	} else if (irq >= 8) {
		/* A spurious IRQ 15 still took the cascade line on the master. */
		hal_pio_write8(PIC1_CMD, 0x20);
	}
	return !in_service;
}
