
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "ai_configurations": {
                  Row: {
                    "api_key_secret_id": string | null,"config_name": string,"configuration": NonNullable<Json>,"created_at": string,"created_by": string | null,"id": string,"is_active": boolean,"organization_id": string | null,"priority": number,"provider": string,"updated_at": string,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "api_key_secret_id"?: string | null,"config_name": string,"configuration"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"id"?: string,"is_active"?: boolean,"organization_id"?: string | null,"priority"?: number,"provider"?: string,"updated_at"?: string,"user_id"?: string | null
                  }
                  Update: {
                    "api_key_secret_id"?: string | null,"config_name"?: string,"configuration"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"id"?: string,"is_active"?: boolean,"organization_id"?: string | null,"priority"?: number,"provider"?: string,"updated_at"?: string,"user_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "ai_configurations_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"ai_usage": {
                  Row: {
                    "cost_usd": number,"created_at": string,"feature": string,"id": string,"input_tokens": number,"latency_ms": number,"model": string,"organization_id": string | null,"outcome": string,"output_tokens": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cost_usd"?: number,"created_at"?: string,"feature": string,"id"?: string,"input_tokens"?: number,"latency_ms": number,"model": string,"organization_id"?: string | null,"outcome": string,"output_tokens"?: number,"user_id": string
                  }
                  Update: {
                    "cost_usd"?: number,"created_at"?: string,"feature"?: string,"id"?: string,"input_tokens"?: number,"latency_ms"?: number,"model"?: string,"organization_id"?: string | null,"outcome"?: string,"output_tokens"?: number,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ai_usage_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"analytics_events": {
                  Row: {
                    "created_at": string,"event_data": NonNullable<Json>,"event_type": string,"id": string,"kit_context": string | null,"page_route": string | null,"session_id": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"event_data"?: NonNullable<Json>,"event_type": string,"id"?: string,"kit_context"?: string | null,"page_route"?: string | null,"session_id"?: string | null,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"event_data"?: NonNullable<Json>,"event_type"?: string,"id"?: string,"kit_context"?: string | null,"page_route"?: string | null,"session_id"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"assistant_conversations": {
                  Row: {
                    "created_at": string,"helpful": boolean | null,"id": string,"intent_detected": string | null,"kit_context": string | null,"message": string,"page_route": string | null,"response": NonNullable<Json>,"response_time_ms": number | null,"session_id": string,"skill_used": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"helpful"?: boolean | null,"id"?: string,"intent_detected"?: string | null,"kit_context"?: string | null,"message": string,"page_route"?: string | null,"response"?: NonNullable<Json>,"response_time_ms"?: number | null,"session_id": string,"skill_used"?: string | null,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"helpful"?: boolean | null,"id"?: string,"intent_detected"?: string | null,"kit_context"?: string | null,"message"?: string,"page_route"?: string | null,"response"?: NonNullable<Json>,"response_time_ms"?: number | null,"session_id"?: string,"skill_used"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"assistant_insights": {
                  Row: {
                    "cache_hit_count": number,"calculated_at": string,"context_id": string,"data": NonNullable<Json>,"data_text": string | null,"expires_at": string,"id": string,"insight_type": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "cache_hit_count"?: number,"calculated_at"?: string,"context_id": string,"data": NonNullable<Json>,"data_text"?: string | null,"expires_at": string,"id"?: string,"insight_type": string,"user_id": string
                  }
                  Update: {
                    "cache_hit_count"?: number,"calculated_at"?: string,"context_id"?: string,"data"?: NonNullable<Json>,"data_text"?: string | null,"expires_at"?: string,"id"?: string,"insight_type"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"composition_interactions": {
                  Row: {
                    "composition_id": string,"created_at": string,"id": string,"interaction_type": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "composition_id": string,"created_at"?: string,"id"?: string,"interaction_type": string,"user_id"?: string
                  }
                  Update: {
                    "composition_id"?: string,"created_at"?: string,"id"?: string,"interaction_type"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "composition_interactions_composition_id_fkey"
      columns: ["composition_id"]
isOneToOne: false
      referencedRelation: "compositions"
      referencedColumns: ["id"]
    }
                  ]
                },"composition_popularity": {
                  Row: {
                    "generation_count": number,"id": string,"inputs_hash": string,"kind": string,"last_generated": string,"trend_score": number,"unique_users_count": number
                  }
                  ComputedFields: never
                  Insert: {
                    "generation_count"?: number,"id"?: string,"inputs_hash": string,"kind": string,"last_generated"?: string,"trend_score"?: number,"unique_users_count"?: number
                  }
                  Update: {
                    "generation_count"?: number,"id"?: string,"inputs_hash"?: string,"kind"?: string,"last_generated"?: string,"trend_score"?: number,"unique_users_count"?: number
                  }
                  Relationships: [
                    
                  ]
                },"compositions": {
                  Row: {
                    "content": NonNullable<Json>,"content_hash": string,"created_at": string,"description": string | null,"download_count": number,"fork_count": number,"id": string,"inputs": NonNullable<Json>,"is_public": boolean,"is_template": boolean,"kind": string,"like_count": number,"name": string,"organization_id": string | null,"parent_id": string | null,"tags": (string)[],"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content": NonNullable<Json>,"content_hash": string,"created_at"?: string,"description"?: string | null,"download_count"?: number,"fork_count"?: number,"id"?: string,"inputs"?: NonNullable<Json>,"is_public"?: boolean,"is_template"?: boolean,"kind": string,"like_count"?: number,"name": string,"organization_id"?: string | null,"parent_id"?: string | null,"tags"?: (string)[],"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "content"?: NonNullable<Json>,"content_hash"?: string,"created_at"?: string,"description"?: string | null,"download_count"?: number,"fork_count"?: number,"id"?: string,"inputs"?: NonNullable<Json>,"is_public"?: boolean,"is_template"?: boolean,"kind"?: string,"like_count"?: number,"name"?: string,"organization_id"?: string | null,"parent_id"?: string | null,"tags"?: (string)[],"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "compositions_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "compositions_parent_id_fkey"
      columns: ["parent_id"]
isOneToOne: false
      referencedRelation: "compositions"
      referencedColumns: ["id"]
    }
                  ]
                },"configuration_audit_log": {
                  Row: {
                    "action": string,"change_reason": string | null,"changed_at": string,"changed_by": string | null,"client_ip": unknown,"config_id": string,"config_type": string,"id": string,"new_values": Json | null,"old_values": Json | null,"organization_id": string | null,"owner_id": string | null,"user_agent": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"change_reason"?: string | null,"changed_at"?: string,"changed_by"?: string | null,"client_ip"?: unknown,"config_id": string,"config_type": string,"id"?: string,"new_values"?: Json | null,"old_values"?: Json | null,"organization_id"?: string | null,"owner_id"?: string | null,"user_agent"?: string | null
                  }
                  Update: {
                    "action"?: string,"change_reason"?: string | null,"changed_at"?: string,"changed_by"?: string | null,"client_ip"?: unknown,"config_id"?: string,"config_type"?: string,"id"?: string,"new_values"?: Json | null,"old_values"?: Json | null,"organization_id"?: string | null,"owner_id"?: string | null,"user_agent"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "configuration_audit_log_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"event_members": {
                  Row: {
                    "added_at": string,"event_id": string,"role": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "added_at"?: string,"event_id": string,"role"?: string,"user_id": string
                  }
                  Update: {
                    "added_at"?: string,"event_id"?: string,"role"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "event_members_event_id_fkey"
      columns: ["event_id"]
isOneToOne: false
      referencedRelation: "events"
      referencedColumns: ["id"]
    }
                  ]
                },"event_staff": {
                  Row: {
                    "created_at": string,"event_id": string,"id": string,"name": string,"role": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"event_id": string,"id"?: string,"name": string,"role": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"event_id"?: string,"id"?: string,"name"?: string,"role"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "event_staff_event_id_fkey"
      columns: ["event_id"]
isOneToOne: false
      referencedRelation: "events"
      referencedColumns: ["id"]
    }
                  ]
                },"event_tasks": {
                  Row: {
                    "assignee_id": string | null,"created_at": string,"deadline": string | null,"deadline_notified_at": string | null,"depends_on": (string)[],"duration_minutes": number,"event_id": string,"id": string,"phase": string,"required_role": string | null,"status": string,"title": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "assignee_id"?: string | null,"created_at"?: string,"deadline"?: string | null,"deadline_notified_at"?: string | null,"depends_on"?: (string)[],"duration_minutes"?: number,"event_id": string,"id"?: string,"phase"?: string,"required_role"?: string | null,"status"?: string,"title": string,"updated_at"?: string
                  }
                  Update: {
                    "assignee_id"?: string | null,"created_at"?: string,"deadline"?: string | null,"deadline_notified_at"?: string | null,"depends_on"?: (string)[],"duration_minutes"?: number,"event_id"?: string,"id"?: string,"phase"?: string,"required_role"?: string | null,"status"?: string,"title"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "event_tasks_event_id_fkey"
      columns: ["event_id"]
isOneToOne: false
      referencedRelation: "events"
      referencedColumns: ["id"]
    }
                  ]
                },"events": {
                  Row: {
                    "created_at": string,"ends_at": string | null,"id": string,"name": string,"owner_id": string,"staffing_required": NonNullable<Json>,"starts_at": string,"updated_at": string,"venue": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"ends_at"?: string | null,"id"?: string,"name": string,"owner_id"?: string,"staffing_required"?: NonNullable<Json>,"starts_at": string,"updated_at"?: string,"venue"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"ends_at"?: string | null,"id"?: string,"name"?: string,"owner_id"?: string,"staffing_required"?: NonNullable<Json>,"starts_at"?: string,"updated_at"?: string,"venue"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"gallery_assets": {
                  Row: {
                    "captured_at": string | null,"created_at": string,"exposure": number | null,"height": number,"id": string,"look_id": string | null,"owner_id": string,"sharpness": number | null,"shot_type": string | null,"status": string,"storage_path": string | null,"tags": (string)[],"updated_at": string,"width": number
                  }
                  ComputedFields: never
                  Insert: {
                    "captured_at"?: string | null,"created_at"?: string,"exposure"?: number | null,"height": number,"id"?: string,"look_id"?: string | null,"owner_id"?: string,"sharpness"?: number | null,"shot_type"?: string | null,"status"?: string,"storage_path"?: string | null,"tags"?: (string)[],"updated_at"?: string,"width": number
                  }
                  Update: {
                    "captured_at"?: string | null,"created_at"?: string,"exposure"?: number | null,"height"?: number,"id"?: string,"look_id"?: string | null,"owner_id"?: string,"sharpness"?: number | null,"shot_type"?: string | null,"status"?: string,"storage_path"?: string | null,"tags"?: (string)[],"updated_at"?: string,"width"?: number
                  }
                  Relationships: [
                    
                  ]
                },"generation_history": {
                  Row: {
                    "composition_id": string | null,"created_at": string,"duration_ms": number | null,"error_code": string | null,"error_message": string | null,"generation_source": string,"id": string,"inputs": NonNullable<Json>,"inputs_hash": string | null,"kind": string,"response_size": number | null,"success": boolean,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "composition_id"?: string | null,"created_at"?: string,"duration_ms"?: number | null,"error_code"?: string | null,"error_message"?: string | null,"generation_source": string,"id"?: string,"inputs"?: NonNullable<Json>,"inputs_hash"?: never,"kind": string,"response_size"?: number | null,"success": boolean,"user_id"?: string
                  }
                  Update: {
                    "composition_id"?: string | null,"created_at"?: string,"duration_ms"?: number | null,"error_code"?: string | null,"error_message"?: string | null,"generation_source"?: string,"id"?: string,"inputs"?: NonNullable<Json>,"inputs_hash"?: never,"kind"?: string,"response_size"?: number | null,"success"?: boolean,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "generation_history_composition_id_fkey"
      columns: ["composition_id"]
isOneToOne: false
      referencedRelation: "compositions"
      referencedColumns: ["id"]
    }
                  ]
                },"idempotency_keys": {
                  Row: {
                    "completed_at": string | null,"created_at": string,"expires_at": string,"id": string,"key": string,"request_hash": string,"response_body": Json | null,"response_headers": Json | null,"response_status": number | null,"route": string,"status": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "completed_at"?: string | null,"created_at"?: string,"expires_at"?: string,"id"?: string,"key": string,"request_hash": string,"response_body"?: Json | null,"response_headers"?: Json | null,"response_status"?: number | null,"route": string,"status"?: string,"user_id": string
                  }
                  Update: {
                    "completed_at"?: string | null,"created_at"?: string,"expires_at"?: string,"id"?: string,"key"?: string,"request_hash"?: string,"response_body"?: Json | null,"response_headers"?: Json | null,"response_status"?: number | null,"route"?: string,"status"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"maintenance_operations": {
                  Row: {
                    "completed_at": string | null,"created_at": string,"duration_ms": number | null,"error_message": string | null,"id": string,"index_name": string | null,"initiated_by": string | null,"operation_type": string,"options": Json | null,"started_at": string,"status": string,"table_name": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "completed_at"?: string | null,"created_at"?: string,"duration_ms"?: number | null,"error_message"?: string | null,"id"?: string,"index_name"?: string | null,"initiated_by"?: string | null,"operation_type": string,"options"?: Json | null,"started_at"?: string,"status"?: string,"table_name"?: string | null
                  }
                  Update: {
                    "completed_at"?: string | null,"created_at"?: string,"duration_ms"?: number | null,"error_message"?: string | null,"id"?: string,"index_name"?: string | null,"initiated_by"?: string | null,"operation_type"?: string,"options"?: Json | null,"started_at"?: string,"status"?: string,"table_name"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"organization_members": {
                  Row: {
                    "accepted_at": string | null,"id": string,"joined_at": string,"organization_id": string,"role": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "accepted_at"?: string | null,"id"?: string,"joined_at"?: string,"organization_id": string,"role"?: string,"user_id": string
                  }
                  Update: {
                    "accepted_at"?: string | null,"id"?: string,"joined_at"?: string,"organization_id"?: string,"role"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "organization_members_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"organizations": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"max_members": number,"max_monthly_generations": number,"name": string,"settings": NonNullable<Json>,"slug": string,"tier": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"max_members"?: number,"max_monthly_generations"?: number,"name": string,"settings"?: NonNullable<Json>,"slug": string,"tier"?: string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"max_members"?: number,"max_monthly_generations"?: number,"name"?: string,"settings"?: NonNullable<Json>,"slug"?: string,"tier"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"profiles": {
                  Row: {
                    "created_at": string,"email": string | null,"full_name": string | null,"id": string,"last_reset_date": string,"max_monthly_generations": number,"monthly_generations": number,"tier": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"email"?: string | null,"full_name"?: string | null,"id": string,"last_reset_date"?: string,"max_monthly_generations"?: number,"monthly_generations"?: number,"tier"?: string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"email"?: string | null,"full_name"?: string | null,"id"?: string,"last_reset_date"?: string,"max_monthly_generations"?: number,"monthly_generations"?: number,"tier"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"rate_limit_buckets": {
                  Row: {
                    "hits": (string)[],"key": string,"last_admitted": boolean,"last_hit_at": string,"window_seconds": number
                  }
                  ComputedFields: never
                  Insert: {
                    "hits"?: (string)[],"key": string,"last_admitted"?: boolean,"last_hit_at"?: string,"window_seconds": number
                  }
                  Update: {
                    "hits"?: (string)[],"key"?: string,"last_admitted"?: boolean,"last_hit_at"?: string,"window_seconds"?: number
                  }
                  Relationships: [
                    
                  ]
                },"samples": {
                  Row: {
                    "category": string,"created_at": string,"designer": string | null,"expected_at": string | null,"id": string,"is_hero": boolean,"look_id": string | null,"name": string,"owner_id": string,"shoot_date": string | null,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "category": string,"created_at"?: string,"designer"?: string | null,"expected_at"?: string | null,"id"?: string,"is_hero"?: boolean,"look_id"?: string | null,"name": string,"owner_id"?: string,"shoot_date"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Update: {
                    "category"?: string,"created_at"?: string,"designer"?: string | null,"expected_at"?: string | null,"id"?: string,"is_hero"?: boolean,"look_id"?: string | null,"name"?: string,"owner_id"?: string,"shoot_date"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"service_packages": {
                  Row: {
                    "active": boolean,"categories": (string)[],"created_at": string,"crew_max": number | null,"crew_min": number | null,"currency": string,"description": string,"id": string,"includes": (string)[],"lead_time_days": number,"name": string,"popularity": number,"price": number,"slug": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "active"?: boolean,"categories": (string)[],"created_at"?: string,"crew_max"?: number | null,"crew_min"?: number | null,"currency"?: string,"description"?: string,"id"?: string,"includes"?: (string)[],"lead_time_days": number,"name": string,"popularity"?: number,"price": number,"slug": string,"updated_at"?: string
                  }
                  Update: {
                    "active"?: boolean,"categories"?: (string)[],"created_at"?: string,"crew_max"?: number | null,"crew_min"?: number | null,"currency"?: string,"description"?: string,"id"?: string,"includes"?: (string)[],"lead_time_days"?: number,"name"?: string,"popularity"?: number,"price"?: number,"slug"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"shot_list_items": {
                  Row: {
                    "created_at": string,"id": string,"look_id": string,"owner_id": string,"quantity": number,"required": boolean,"shot_type": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"look_id": string,"owner_id"?: string,"quantity"?: number,"required"?: boolean,"shot_type": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"look_id"?: string,"owner_id"?: string,"quantity"?: number,"required"?: boolean,"shot_type"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"user_preferences": {
                  Row: {
                    "auto_suggestions_enabled": boolean,"conversation_history_retention_days": number,"created_at": string,"default_kit": string | null,"favorite_actions": (string)[],"kit_order": (string)[],"notification_preferences": NonNullable<Json>,"preferences": NonNullable<Json>,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "auto_suggestions_enabled"?: boolean,"conversation_history_retention_days"?: number,"created_at"?: string,"default_kit"?: string | null,"favorite_actions"?: (string)[],"kit_order"?: (string)[],"notification_preferences"?: NonNullable<Json>,"preferences"?: NonNullable<Json>,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "auto_suggestions_enabled"?: boolean,"conversation_history_retention_days"?: number,"created_at"?: string,"default_kit"?: string | null,"favorite_actions"?: (string)[],"kit_order"?: (string)[],"notification_preferences"?: NonNullable<Json>,"preferences"?: NonNullable<Json>,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "accept_organization_invitation":
{ Args: { "p_organization_id": string }; Returns: {
              "accepted_at": string | null,
"id": string,
"joined_at": string,
"organization_id": string,
"role": string,
"user_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "organization_members"
        isOneToOne: true
        isSetofReturn: false
      } },
"admin_assistant_metrics":
{ Args: { "p_from": string,"p_to": string }; Returns: Json
                           },
"admin_database_health":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"admit_batch":
{ Args: { "p_jobs": Json }; Returns: {
              "allowed": boolean,"insight_calculated_at": string,"insight_id": string,"insight_json": string,"limit": number,"remaining": number,"reset_seconds": number,"user_active": boolean
            }[]
                           },
"admit_request":
{ Args: { "p_limits": Json,"p_user_id": string }; Returns: {
              "allowed": boolean,"limit": number,"remaining": number,"reset_seconds": number,"user_active": boolean
            }[]
                           },
"ai_spend_summary":
{ Args: Record<PropertyKey, never>; Returns: {
              "budget_usd": number,"calls": number,"input_tokens": number,"output_tokens": number,"period": string,"resets_at": string,"spent_usd": number,"starts_at": string
            }[]
                           },
"claim_idempotency_key":
{ Args: { "p_key": string,"p_request_hash": string,"p_route": string,"p_ttl_seconds"?: number,"p_user_id": string }; Returns: {
              "outcome": string,"response_body": Json,"response_headers": Json,"response_status": number
            }[]
                           },
"complete_idempotency_key":
{ Args: { "p_key": string,"p_response_body": Json,"p_response_headers"?: Json,"p_response_status": number,"p_route": string,"p_user_id": string }; Returns: boolean
                           },
"consume_generation_quota":
{ Args: { "p_user_id"?: string }; Returns: {
              "allowed": boolean,"monthly_limit": number,"resets_on": string,"used": number
            }[]
                           },
"consume_rate_limit":
{ Args: { "key": string,"limit": number,"window_seconds": number }; Returns: {
              "allowed": boolean,"remaining": number,"reset_at": string,"reset_seconds": number
            }[]
                           },
"delete_my_data":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"export_my_data":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"get_ai_provider_key":
{ Args: { "p_config_id": string }; Returns: string
                           },
"get_effective_ai_config":
{ Args: { "p_user_id"?: string }; Returns: Json
                           },
"insight_cache_count_hits":
{ Args: { "p_hits": Json }; Returns: undefined
                           },
"insight_cache_get":
{ Args: { "p_context_id": string,"p_insight_type": string,"p_user_id": string }; Returns: {
              "cache_hit_count": number,
"calculated_at": string,
"context_id": string,
"data": NonNullable<Json>,
"data_text": string | null,
"expires_at": string,
"id": string,
"insight_type": string,
"user_id": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "assistant_insights"
        isOneToOne: false
        isSetofReturn: true
      } },
"insight_cache_peek":
{ Args: { "p_context_id": string,"p_insight_type": string,"p_user_id": string }; Returns: {
              "calculated_at": string,"id": string,"json": string
            }[]
                           },
"insight_cache_put":
{ Args: { "p_context_id": string,"p_insight_type": string,"p_json": string,"p_ttl_seconds": number,"p_user_id": string }; Returns: {
              "cache_hit_count": number,
"calculated_at": string,
"context_id": string,
"data": NonNullable<Json>,
"data_text": string | null,
"expires_at": string,
"id": string,
"insight_type": string,
"user_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "assistant_insights"
        isOneToOne: true
        isSetofReturn: false
      } },
"is_admin":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"notify_deadlines_approaching":
{ Args: { "p_within"?: string }; Returns: number
                           },
"purge_expired":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"record_composition_download":
{ Args: { "p_composition_id": string }; Returns: number
                           },
"record_conversation_feedback":
{ Args: { "conversation_id": string,"helpful": boolean }; Returns: boolean
                           },
"release_idempotency_key":
{ Args: { "p_key": string,"p_route": string,"p_user_id": string }; Returns: boolean
                           },
"set_ai_provider_key":
{ Args: { "p_api_key": string,"p_config_id": string }; Returns: string
                           },
"tier_limits":
{ Args: { "p_tier": string }; Returns: {
              "monthly_generations": number,"public_compositions": number,"saved_compositions": number
            }[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            
          }
        }
} as const
