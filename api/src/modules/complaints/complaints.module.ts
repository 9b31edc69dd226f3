import { Module } from '@nestjs/common';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsService } from './complaints.service.js';

@Module({ controllers: [ComplaintsController], providers: [ComplaintsService] })
export class ComplaintsModule {}
