/* Goldfish RTC emulator: a nanosecond wall clock with one alarm, the RTC
 * Linux's goldfish-rtc driver and QEMU virt guests know.
 *
 * Registers (Android emulator docs GOLDFISH-VIRTUAL-HARDWARE.TXT,
 * "goldfish_rtc"), 32 bits each:
 *   0x00 TIME_LOW        read: low half of the time in ns, and latches the
 *                        high half for TIME_HIGH; write: sets the low half
 *   0x04 TIME_HIGH       read: the latched high half; write: sets the high
 *                        half
 *   0x08 ALARM_LOW       write: low half of the alarm, and arms it with the
 *                        high half written before to ALARM_HIGH
 *   0x0c ALARM_HIGH      high half of the alarm (armed by ALARM_LOW)
 *   0x10 IRQ_ENABLED     bit 0 enables the interrupt
 *   0x14 CLEAR_ALARM     write: disarm the alarm
 *   0x18 ALARM_STATUS    1 while an alarm is armed
 *   0x1c CLEAR_INTERRUPT write: acknowledge the interrupt
 *
 * Time is `offset + timer_ticks_to_ns(timer_now())`: the guest's writes to
 * TIME_LOW/TIME_HIGH move the offset (each write replaces one half of the
 * current time, as QEMU does, so either write order works). Keel has no
 * wall clock, so a new guest's clock starts at the host's uptime. The clock
 * keeps running across a guest reset, like a battery-backed RTC; reset
 * clears the alarm and interrupt state.
 *
 * An alarm at or before the current time fires at once; a later one arms a
 * host timer event on the calling hart. When it fires, the alarm disarms
 * and the interrupt becomes pending; the line (irqs[0]) is high while the
 * interrupt is pending and enabled. The event handler re-checks the alarm
 * against the clock, so a stale event (cancelled late, or the time set
 * back) re-arms or does nothing.
 *
 * Accesses: 4 bytes, aligned; other widths fail with -EINVAL. Offsets past
 * CLEAR_INTERRUPT and reads of the write-only registers return 0, writes to
 * read-only ones are ignored.
 *
 * Config node attributes: interrupts (required, the alarm line).
 *
 * Locking: one irqsave spinlock per instance, taken by guest accesses and by
 * the timer event handler (IRQ context on the hart that armed it).
 */
#include <keel/devemu.h>
#include <keel/errno.h>
#include <keel/heap.h>
#include <keel/printk.h>
#include <keel/spinlock.h>
#include <keel/timer.h>

#define RTC_TIME_LOW		0x00
#define RTC_TIME_HIGH		0x04
#define RTC_ALARM_LOW		0x08
#define RTC_ALARM_HIGH		0x0c
#define RTC_IRQ_ENABLED		0x10
#define RTC_CLEAR_ALARM		0x14
#define RTC_ALARM_STATUS	0x18
#define RTC_CLEAR_INTERRUPT	0x1c

/* Longest single timer event; a farther alarm re-arms when it expires. */
#define RTC_MAX_WAIT_US		(3600ull * 1000000)

struct grtc {
	spinlock_t lock;
	struct devemu_dev *dev;
	struct timer_event ev;
	uint64_t offset_ns;		/* time = offset_ns + uptime in ns */
	uint64_t alarm_ns;
	uint32_t time_high;		/* latched by a TIME_LOW read */
	bool alarm_armed;
	bool irq_pending;
	bool irq_enabled;
	bool irq_level;
};

static uint64_t grtc_now(const struct grtc *r)
{
	return r->offset_ns + timer_ticks_to_ns(timer_now());
}

/* Lock held. */
static void grtc_update_irq(struct grtc *r)
{
	bool level = r->irq_pending && r->irq_enabled;

	if (level == r->irq_level)
		return;
	r->irq_level = level;
	devemu_irq_set(r->dev, r->dev->region->irqs[0], level);
}

/* Arm the timer event for an alarm delta_ns ahead, rounded up so that it
 * never expires early. Lock held. */
static void grtc_arm_event(struct grtc *r, uint64_t delta_ns)
{
	uint64_t us = delta_ns / 1000 + 1;

	if (us > RTC_MAX_WAIT_US)
		us = RTC_MAX_WAIT_US;
	timer_event_arm(&r->ev, timer_now() + timer_us_to_ticks(us) + 1);
}

/* Fire the alarm if it is due, else (re)arm the event. Lock held. */
static void grtc_check_alarm(struct grtc *r)
{
	uint64_t now = grtc_now(r);

	if (!r->alarm_armed)
		return;
	if (r->alarm_ns > now) {
		grtc_arm_event(r, r->alarm_ns - now);
		return;
	}
	r->alarm_armed = false;
	timer_event_cancel(&r->ev);
	r->irq_pending = true;
	grtc_update_irq(r);
}

/* Timer event handler: IRQ context, on the hart that armed the event. */
static void grtc_event(struct timer_event *ev, uint64_t now)
{
	struct grtc *r = ev->data;
	unsigned long flags = spin_lock_irqsave(&r->lock);

	grtc_check_alarm(r);
	spin_unlock_irqrestore(&r->lock, flags);
}

static void grtc_disarm(struct grtc *r)
{
	r->alarm_armed = false;
	timer_event_cancel(&r->ev);
}

/* Replace the bits `mask` of the current time by those of val. */
static void grtc_set_time(struct grtc *r, uint64_t val, uint64_t mask)
{
	uint64_t now = grtc_now(r);

	r->offset_ns += ((now & ~mask) | (val & mask)) - now;
	grtc_check_alarm(r);	/* an armed alarm follows the new time */
}

static uint32_t grtc_reg_read(struct grtc *r, uint64_t offset)
{
	uint64_t now;

	switch (offset) {
	case RTC_TIME_LOW:
		now = grtc_now(r);
		r->time_high = (uint32_t)(now >> 32);
		return (uint32_t)now;
	case RTC_TIME_HIGH:
		return r->time_high;
	case RTC_ALARM_LOW:
		return (uint32_t)r->alarm_ns;
	case RTC_ALARM_HIGH:
		return (uint32_t)(r->alarm_ns >> 32);
	case RTC_IRQ_ENABLED:
		return r->irq_enabled;
	case RTC_ALARM_STATUS:
		return r->alarm_armed;
	default:
		return 0;
	}
}

static void grtc_reg_write(struct grtc *r, uint64_t offset, uint32_t val)
{
	switch (offset) {
	case RTC_TIME_LOW:
		grtc_set_time(r, val, 0xffffffffull);
		break;
	case RTC_TIME_HIGH:
		grtc_set_time(r, (uint64_t)val << 32, ~0xffffffffull);
		break;
	case RTC_ALARM_LOW:
		r->alarm_ns = (r->alarm_ns & ~0xffffffffull) | val;
		r->alarm_armed = true;
		grtc_check_alarm(r);
		break;
	case RTC_ALARM_HIGH:
		r->alarm_ns = (r->alarm_ns & 0xffffffffull) | (uint64_t)val << 32;
		break;
	case RTC_IRQ_ENABLED:
		r->irq_enabled = val & 1;
		break;
	case RTC_CLEAR_ALARM:
		grtc_disarm(r);
		break;
	case RTC_CLEAR_INTERRUPT:
		r->irq_pending = false;
		break;
	default:
		break;
	}
	grtc_update_irq(r);
}

static int grtc_read(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		     uint64_t *val)
{
	struct grtc *r = dev->priv;
	unsigned long flags;

	if (width != 4 || offset % 4)
		return -EINVAL;
	flags = spin_lock_irqsave(&r->lock);
	*val = grtc_reg_read(r, offset);
	spin_unlock_irqrestore(&r->lock, flags);
	return 0;
}

static int grtc_write(struct devemu_dev *dev, uint64_t offset, unsigned int width,
		      uint64_t val)
{
	struct grtc *r = dev->priv;
	unsigned long flags;

	if (width != 4 || offset % 4)
		return -EINVAL;
	flags = spin_lock_irqsave(&r->lock);
	grtc_reg_write(r, offset, (uint32_t)val);
	spin_unlock_irqrestore(&r->lock, flags);
	return 0;
}

/* Alarm and interrupt state back to power-on; the clock keeps its time. */
static int grtc_reset(struct devemu_dev *dev)
{
	struct grtc *r = dev->priv;
	unsigned long flags = spin_lock_irqsave(&r->lock);

	grtc_disarm(r);
	r->alarm_ns = 0;
	r->time_high = 0;
	r->irq_pending = r->irq_enabled = false;
	r->irq_level = true;		/* force the line low */
	grtc_update_irq(r);
	spin_unlock_irqrestore(&r->lock, flags);
	return 0;
}

/* Thread context, at guest creation. */
static int grtc_probe(struct devemu_dev *dev, const void *fdt, int node)
{
	struct grtc *r;

	if (dev->region->nr_irqs < 1) {
		pr_err("%s/%s: interrupts missing\n", guest_name(dev->guest),
		       dev->region->name);
		return -EINVAL;
	}
	r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	spin_lock_init(&r->lock);
	r->dev = dev;
	timer_event_init(&r->ev, grtc_event, r);
	dev->priv = r;
	return 0;
}

static void grtc_remove(struct devemu_dev *dev)
{
	struct grtc *r = dev->priv;
	unsigned long flags;

	if (!r)
		return;
	flags = spin_lock_irqsave(&r->lock);
	grtc_disarm(r);
	spin_unlock_irqrestore(&r->lock, flags);
	kfree(r);
	dev->priv = NULL;
}

static const char *const grtc_compat[] = { "google,goldfish-rtc", NULL };

EMULATOR(goldfish_rtc) = {
	.name = "goldfish_rtc",
	.compatible = grtc_compat,
	.probe = grtc_probe,
	.reset = grtc_reset,
	.read = grtc_read,
	.write = grtc_write,
	.remove = grtc_remove,
};
