import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { BootscriptController } from './bootscript/bootscript.controller';
import { BootscriptFastPath } from './bootscript/bootscript-fast-path';
import { BootscriptService } from './bootscript/bootscript.service';
import { BootParametersController } from './parameters/boot-parameters.controller';
import { BootParametersRepository } from './parameters/boot-parameters.repository';
import { BootParametersService } from './parameters/boot-parameters.service';
import { TftpService } from './tftp.service';

/**
 * Boot: BSS-compatible boot parameters and iPXE scripts (`/boot/v1`), and the TFTP server for the iPXE
 * binaries. Other modules (DHCP) need only `bootscriptUrl()` from ./bootscript-url, a pure function.
 */
@Module({
  imports: [InventoryModule],
  controllers: [BootParametersController, BootscriptController],
  providers: [BootParametersRepository, BootParametersService, BootscriptService, BootscriptFastPath, TftpService],
  exports: [BootscriptService],
})
export class BootModule {}
