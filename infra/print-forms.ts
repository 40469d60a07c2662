import { Duration } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { ProvinceConfig } from './config';
import type { ProvinceHttpApi } from './http-api';
import { ProvinceFunction } from './province-function';
import type { ProvinceTable } from './province-table';

export interface PrintFormsProps {
  config: ProvinceConfig;
  data: ProvinceTable;
  api: ProvinceHttpApi;
}

export const FORMS_PATH = '/forms';

/**
 * Printable forms as HTML pages (functions/print): `GET /forms/{form}/{dossierId}` for forms
 * 01–07 (numbered by the dossier's rule set) and `GET /forms/{form}` for the register (06 or 07). Printing only reads.
 */
export class PrintForms extends Construct {
  readonly function: ProvinceFunction;
  readonly url: string;

  constructor(scope: Construct, id: string, { config, data, api }: PrintFormsProps) {
    super(scope, id);
    this.function = new ProvinceFunction(this, 'Function', {
      handler: 'print',
      config,
      tableName: data.table.tableName,
      ...(config.ratingPageUrl ? { environment: { RATING_PAGE_URL: config.ratingPageUrl } } : {}),
      description: 'Printable forms 01-06 (HTML)',
      memorySize: 512,
      timeout: Duration.seconds(25),
      reservedConcurrency: config.security.concurrency.print,
      invokedBy: 'http-api',
    });
    data.grantData(this.function, 'read');
    api.addLambdaRoute('PrintDossierForm', `${FORMS_PATH}/{form}/{dossierId}`, [HttpMethod.GET], this.function);
    api.addLambdaRoute('PrintRegister', `${FORMS_PATH}/{form}`, [HttpMethod.GET], this.function);
    // Statistics pages (issue 12): Form II.06a (HTML, CSV, XLSX) and the dashboard, behind the same sign-in.
    api.addLambdaRoute('ReportII06a', '/reports/ii06a', [HttpMethod.GET], this.function);
    api.addLambdaRoute('Dashboard', '/dashboard', [HttpMethod.GET], this.function);
    this.url = api.url(FORMS_PATH);
  }
}
