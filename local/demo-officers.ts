import type { Agency } from '#domain/agencies';
import type { OfficerClaims } from './auth';

export interface DemoOfficer extends OfficerClaims {
  /** The role this officer demonstrates, for the banner. */
  role: string;
  agencyName: string;
}

/** The demo walk-through's units where the project has chosen them: Dương Phong commune, Bạch Thông district. */
const DEMO_UNITS: Readonly<Record<string, { district: string; commune: string }>> = {
  '06': { district: '063', commune: '02014' },
};

/**
 * One officer per step of a cross-level dossier: received at a commune one-stop desk, handled and
 * approved at its district, overseen by the province. Provinces without a chosen pair use their
 * first district and its first commune; the two-tier list (no districts) uses the province instead.
 */
export function demoOfficers(agencies: readonly Agency[]): DemoOfficer[] {
  const province = agencies.find((agency) => agency.level === 'PROVINCE');
  if (!province) throw new Error('The agency list has no province');
  const chosen = DEMO_UNITS[province.unitCode];
  const districts = agencies.filter((agency) => agency.level === 'DISTRICT');
  const district = districts.find((agency) => agency.unitCode === chosen?.district) ?? districts[0] ?? province;
  const communes = agencies.filter((agency) => agency.level === 'COMMUNE');
  const commune =
    communes.find((agency) => agency.parentCode === district.code && agency.unitCode === chosen?.commune) ??
    communes.find((agency) => agency.parentCode === district.code) ??
    communes[0];
  if (!commune) throw new Error(`Province ${province.code} has no commune`);

  const officer = (role: string, agency: Agency, name: string): DemoOfficer => ({
    sub: `demo-${role.toLowerCase().replaceAll('_', '-')}-${agency.code}`,
    name,
    agency: agency.code,
    agencyName: agency.name,
    roles: role,
    role,
  });
  return [
    officer('RECEPTION_OFFICER', commune, 'Nguyễn Thị Lan'),
    officer('HANDLING_OFFICER', district, 'Trần Văn Hùng'),
    officer('APPROVER', district, 'Lê Minh Tuấn'),
    // The district head accepts handoffs and assigns; the system identity is for an agency whose
    // own software reads its queue (examples/agency-subscriber).
    officer('AGENCY_HEAD', district, 'Vũ Quang Minh'),
    officer('AGENCY_SYSTEM', district, 'Hệ thống một cửa của huyện'),
    officer('PROVINCE_ADMIN', province, 'Phạm Thu Hà'),
    officer('AUDITOR', province, 'Hoàng Đức Anh'),
  ];
}
