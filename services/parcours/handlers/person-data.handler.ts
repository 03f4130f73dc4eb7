import { definePersonData } from '../../../shared/person-data/contract';
import { DynamoParcoursRepository } from '../store/parcours.repository';
import { makeParcoursPersonData } from '../use-cases/person-comments.use-cases';

/** Parcours' person data (ADR 0037). Its own repository: this function needs no user accounts. */
export const handler = definePersonData('parcours', makeParcoursPersonData({ repository: new DynamoParcoursRepository() }));
