/**
 * 公开查询 / the public portal's calls: no session, only what the public may see
 * (server: RegistryService::public_*). A refusal is shown as the server's Chinese detail.
 */
import { http } from './http'
import type { Page } from './users'
import type { StaffCount } from './registry'
import { apiListQuery } from '@/utils/listQuery'

export interface PublicInstitutionSummary {
  id: number
  name: string
  credit_code: string
  category_label: string
  grade: string
  address: string
  jurisdiction_name: string
  status: string
}

export interface PublicLicense {
  license_no: string
  issued_on: string
  valid_until: string
  clinical_subjects: string
  beds: number
  status_label: string
  validation_due_on: string
  validation_overdue: boolean
}

export interface PublicInstitution {
  id: number
  name: string
  credit_code: string
  category_label: string
  ownership: string
  profit_type: string
  grade: string
  address: string
  jurisdiction_name: string
  beds: number
  clinical_subjects: string
  status: string
  licenses: PublicLicense[]
  staff: StaffCount[]
}

export interface PublicPractitioner {
  id: number
  name: string
  kind_label: string
  practice_cert_no: string | null
  practice_category: string
  practice_scope: string
  institution_name: string | null
  institution_id: number | null
}

/** The server caps public pages at 50. */
export const PUBLIC_PAGE_SIZE = 10

// Never send an anonymous visitor to the login page: these calls need no session.
const open = { authRedirect: false } as const

export function searchPublicInstitutions(
  filters: { q?: string; category?: string },
  page: number,
  pageSize = PUBLIC_PAGE_SIZE,
  signal?: AbortSignal,
): Promise<Page<PublicInstitutionSummary>> {
  return http.get<Page<PublicInstitutionSummary>>('/api/v1/public/institutions', {
    ...open,
    query: apiListQuery(filters, page, pageSize),
    signal,
  })
}

export function getPublicInstitution(id: number, signal?: AbortSignal): Promise<PublicInstitution> {
  return http.get<PublicInstitution>(`/api/v1/public/institutions/${id}`, { ...open, signal })
}

/** The server refuses a search with neither a name/certificate number nor an institution (400). */
export function searchPublicPractitioners(
  filters: { q?: string; institution_id?: number | null },
  page: number,
  pageSize = PUBLIC_PAGE_SIZE,
  signal?: AbortSignal,
): Promise<Page<PublicPractitioner>> {
  return http.get<Page<PublicPractitioner>>('/api/v1/public/practitioners', {
    ...open,
    query: apiListQuery(filters, page, pageSize),
    signal,
  })
}
