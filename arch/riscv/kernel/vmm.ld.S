/* Keel image layout. Text comes first so that function addresses do not move
 * between the two link passes (the second adds the symbol table). Every
 * section boundary that changes permissions is page aligned (W^X mapping). */
OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = CONFIG_KERNEL_BASE;
	_start_image = .;

	.text : {
		_stext = .;
		KEEP(*(.text.head))
		*(.text.trap)
		*(.text .text.*)
		_etext = .;
	}

	. = ALIGN(4096);
	.rodata : {
		_srodata = .;
		*(.rodata .rodata.*)
		*(.srodata .srodata.*)
		. = ALIGN(8);
		__start_shell_cmds = .;
		KEEP(*(shell_cmds))
		__stop_shell_cmds = .;
		. = ALIGN(8);
		__start_keel_drivers = .;
		KEEP(*(keel_drivers))
		__stop_keel_drivers = .;
		. = ALIGN(8);
		__start_keel_emulators = .;
		KEEP(*(keel_emulators))
		__stop_keel_emulators = .;
		. = ALIGN(8);
		__start_keel_initcalls = .;
		KEEP(*(keel_initcalls))
		__stop_keel_initcalls = .;
		. = ALIGN(8);
		KEEP(*(.rodata.symtab))
		_erodata = .;
	}

	. = ALIGN(4096);
	.data : {
		_sdata = .;
		*(.data .data.*)
		*(.sdata .sdata.*)
		_edata = .;
	}

	. = ALIGN(4096);
	.bss (NOLOAD) : {
		_sbss = .;
		*(.bss.stack)
		*(.bss .bss.*)
		*(.sbss .sbss.*)
		*(COMMON)
		. = ALIGN(4096);
		_ebss = .;
	}

	_end = .;

	/DISCARD/ : {
		*(.eh_frame) *(.eh_frame_hdr) *(.note.*) *(.comment) *(.riscv.attributes)
	}
}
